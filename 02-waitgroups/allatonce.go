//go:build !solution

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// AllAtOnce makes requests 0 to n-1 all at once, each in a goroutine of its own, and returns their results
// in request order: results[i].ID == i.
//
// Its contract, which the tests check:
//   - One goroutine per request, all started at once: the n requests are in flight together.
//   - Each goroutine writes only its own slot of a results slice made with length n. No two goroutines
//     touch the same memory, so no lock is needed.
//   - Return only once every goroutine has finished: a sync.WaitGroup, started with wg.Go, then wg.Wait.
//   - Once ctx is cancelled, the requests in flight end early with ctx's error (fetch does that); their
//     results, error included, are returned with the others.
func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	// TODO: make the results slice with length n, and a sync.WaitGroup.
	// TODO: for each id from 0 to n-1, wg.Go a function that stores fetch(ctx, id) in results[id].
	// TODO: wait for them all, then return the results.
	return nil
}

// AllAtOnceMutex is AllAtOnce with one difference: each goroutine appends its result to one shared slice,
// so the results come back in the order the requests finished, not in request order.
//
// append reads and writes the slice's length and array: from many goroutines at once that is a data race,
// and `go test -race` says so. Guard the slice with a sync.Mutex: lock, append, unlock.
func AllAtOnceMutex(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	// TODO: a results slice with room for n (length 0), a sync.Mutex and a sync.WaitGroup.
	// TODO: for each id, wg.Go a function that calls fetch(ctx, id), then appends the result under the lock.
	// TODO: wait for them all, then return the results.
	return nil
}
