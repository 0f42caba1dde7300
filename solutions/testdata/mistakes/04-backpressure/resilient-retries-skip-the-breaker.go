// Mistake: a worker asks the breaker before a request's first attempt, but retries a failure at once,
// without asking again. During an outage every retry goes to the down server, open breaker or not: the
// breaker holds the new requests while the retries hammer on, until the budget is spent.
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
				if b.Allow(ctx) != nil {
					continue
				}
				r := fetch(ctx, id)
				b.Done(r)
				for isFailure(r) && ctx.Err() == nil && spend() {
					r = fetch(ctx, id) // a retry the breaker never saw
					b.Done(r)
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
