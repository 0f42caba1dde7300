// Alternative: no mutex. The slice is made with length n, and each goroutine, once its request is done,
// takes the next free slot from an atomic counter: the results fill the slice in the order they finished,
// and no two goroutines ever write the same slot.
// Replaces: 02-waitgroups/allatoncemutex.go

package main

import "sync/atomic"

func AllAtOnceMutex(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for id := range n {
		wg.Go(func() {
			r := fetch(ctx, id)
			results[next.Add(1)-1] = r
		})
	}
	wg.Wait()
	return results
}
