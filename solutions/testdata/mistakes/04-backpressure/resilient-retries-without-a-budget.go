// Mistake: every failure is retried, with no budget: against a server that stays down, each request is
// retried at every probe, for ever, and the run never ends. The breaker spares the server; the budget
// spares the run.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/spends_no_more_than_its_budget,_and_once_it_is_spent_a_failure_is_final

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
					r, attempted = fetch(ctx, id), true
					b.Done(r)
					if !isFailure(r) || ctx.Err() != nil {
						break
					}
					_ = spend // no budget: retried until it succeeds
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
