//go:build !solution

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

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
