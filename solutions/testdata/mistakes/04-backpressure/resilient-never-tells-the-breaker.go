// Mistake: the workers ask the breaker before each attempt, but never tell it the outcome (Done): it
// never hears of a failure, never opens, and the pool goes on hammering the down server, retrying each
// failure at once until the budget is spent.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/sends_nothing_while_the_breaker_is_open,_and_no_more_than_Probes_while_it_is_half-open

package main

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Resilient(ctx context.Context, n, workers int, fetch lesson.Fetch, b *Breaker, budget int) []lesson.Result {
	var retries atomic.Int64
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
				for b.Allow(ctx) == nil {
					r, attempted = fetch(ctx, id), true // and no b.Done(r)
					if !isFailure(r) || ctx.Err() != nil || !spend() {
						break
					}
				}
				if attempted {
					results <- r
				}
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
