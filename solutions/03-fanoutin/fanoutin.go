// Package fanoutin is the reference solution of lesson 03-fanoutin.
package fanoutin

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// FanOutIn makes requests 0 to n-1 with a pool of workers goroutines and returns one result per request,
// in the order they finish. Once ctx is cancelled it starts no more requests and returns what it
// collected, with every goroutine it started ended.
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
				select {
				case results <- fetch(ctx, id):
				case <-ctx.Done():
					return
				}
			}
		})
	}

	// Fan-in. Every worker sends on results, so none of them may close it: one closer does, once they
	// have all returned.
	go func() {
		wg.Wait()
		close(results)
	}()

	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}
