// Alternative: no closer goroutine. The workers count down how many of them are still running, and the
// last one to finish closes results: one owner still, the last sender.
// Replaces: 03-fanoutin/fanoutin.go

package main

import "sync/atomic"

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)
	go func() {
		defer close(jobs)
		for id := range n {
			select {
			case jobs <- id:
			case <-ctx.Done():
				return
			}
		}
	}()
	var running atomic.Int64
	running.Store(int64(workers))
	for range workers {
		go func() {
			defer func() {
				if running.Add(-1) == 0 {
					close(results) // the last worker out: no other can send any more
				}
			}()
			for id := range jobs {
				if ctx.Err() != nil {
					return
				}
				results <- fetch(ctx, id)
			}
		}()
	}
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}
