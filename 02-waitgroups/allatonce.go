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
//     (Not a time.Sleep: it only guesses how long they take.)
//   - A failed request (a 500, or a transport error in Result.Err) is a result like any other: keep it.
//   - Once ctx is cancelled, the requests in flight end early with ctx's error (fetch does that); their
//     results, error included, are returned with the others.
func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	// TODO: make the results slice with length n, and a sync.WaitGroup.
	// TODO: for each id from 0 to n-1, wg.Go a function that stores fetch(ctx, id) in results[id].
	// TODO: wait for them all, then return the results.
	return nil
}
