// Mistake: every id a worker takes gets a result, ctx's error for one whose first attempt the breaker was
// still holding when ctx was cancelled. That request was never made: Resilient returns a final result per
// request it attempted, and none for a request that never got through.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/returns_no_result_for_a_request_it_never_attempted:_one_held_for_its_first_attempt_when_ctx_is_cancelled

package main

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Resilient(ctx context.Context, n, workers int, fetch lesson.Fetch, b *Breaker, budget int) []lesson.Result {
	var retries atomic.Int64 // the budget left, shared by every worker
	retries.Store(int64(budget))
	spend := func() bool { return retries.Add(-1) >= 0 }

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

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs {
				r, attempted := lesson.Result{}, false
				for b.Allow(ctx) == nil { // held here while b is open; ctx's error once cancelled
					r, attempted = fetch(ctx, id), true
					b.Done(r)
					if !isFailure(r) || ctx.Err() != nil || !spend() {
						break
					}
				}
				if !attempted {
					r = lesson.Result{ID: id, Err: ctx.Err()} // a result for every id taken, attempted or not
				}
				results <- r
				if ctx.Err() != nil {
					return
				}
			}
		})
	}
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
