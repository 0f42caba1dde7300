// Mistake: when ctx is cancelled while the breaker holds a request that failed, the worker returns
// without a result for it: its failure was made, and is lost. Every request attempted ends with one final
// result, its last attempt's, however the run ends.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/stops_promptly_when_cancelled_while_the_breaker_holds_its_workers,_and_keeps_each_failure

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
				for {
					if b.Allow(ctx) != nil {
						return // the failed attempt, if there was one, goes with the worker
					}
					r, attempted = fetch(ctx, id), true
					b.Done(r)
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
