// Package fanoutin is the reference solution of lesson 03-fanoutin.
package fanoutin

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// FanOutIn makes requests 0 to n-1 with a pool of workers goroutines and returns one result per request,
// in the order they finish. Once ctx is cancelled it starts no more requests, waits for the ones cut
// short, and returns every result, theirs included, with every goroutine it started ended.
func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)

	// Fan-out. The producer is the only sender on jobs, so it is the one to close it.
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

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs {
				// If jobs were buffered, ids could still be waiting in it when ctx is cancelled;
				// checking here means no request starts after the cancellation, however jobs is made.
				if ctx.Err() != nil {
					return
				}
				// No select with ctx.Done() here: the collector below reads results until it is closed,
				// so this send always completes, and the result of a request cut short by a
				// cancellation (ctx's error in Result.Err) is kept instead of dropped.
				results <- fetch(ctx, id)
			}
		})
	}

	// Fan-in. Every worker sends on results, so none of them may close it: one closer does, once they
	// have all returned.
	go func() {
		wg.Wait()
		close(results)
	}()

	// The collector reads until the closer closes results, never stopping early on ctx.Done(): that is
	// what lets the workers send without a select, and what makes FanOutIn return only once they have all
	// returned.
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}
