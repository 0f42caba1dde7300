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
// and `go test -race` says so. Guard the slice with a sync.Mutex: lock, append, unlock. Every goroutine
// must lock the same mutex, declared once beside the slice: a mutex of its own excludes nobody.
//
// The rest of AllAtOnce's contract holds: every result kept, failed ones included; return only once
// every goroutine has finished; once ctx is cancelled, the requests in flight end early, results kept.
func AllAtOnceMutex(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	// TODO: a results slice with room for n (length 0), one sync.Mutex and a sync.WaitGroup.
	// TODO: for each id, wg.Go a function that calls fetch(ctx, id), then appends the result under the lock.
	// TODO: wait for them all, then return the results.
	return nil
}
