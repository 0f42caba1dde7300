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
				// A job and a cancellation can be ready at once; checking here means no request
				// starts after ctx is cancelled.
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

// Merge forwards every value from all of ins onto one channel, which it closes once every input is closed
// and drained, or once ctx is cancelled.
func Merge(ctx context.Context, ins ...<-chan lesson.Result) <-chan lesson.Result {
	out := make(chan lesson.Result)
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Go(func() {
			for {
				// Both the receive and the send wait in a select with ctx.Done(): an input that is never
				// closed, or an output nobody reads, must not keep this goroutine once ctx is cancelled.
				select {
				case r, ok := <-in:
					if !ok {
						return
					}
					select {
					case out <- r:
					case <-ctx.Done():
						return
					}
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
