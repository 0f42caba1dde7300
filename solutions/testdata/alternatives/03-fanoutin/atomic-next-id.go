// Alternative: no jobs channel. The workers take the next id from an atomic counter, so that whichever
// worker is free takes the next id, and append their results to one slice under a mutex; FanOutIn waits
// for them all with a WaitGroup.
// Replaces: 03-fanoutin/fanoutin.go

package main

import "sync/atomic"

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	var (
		next      atomic.Int64
		mu        sync.Mutex
		collected = make([]lesson.Result, 0, n)
		wg        sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				id := int(next.Add(1) - 1)
				if id >= n {
					return
				}
				r := fetch(ctx, id)
				mu.Lock()
				collected = append(collected, r)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return collected
}
