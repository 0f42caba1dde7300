// Mistake: the retry budget is a plain int that every worker reads and decrements. Two workers that fail at
// the same moment both read it, both decrement it, and one write is lost: a data race (-race reports it),
// and more retries than the budget allows. A count shared by the workers is an atomic (Add, then look at
// what it returned), or sits under a mutex, or belongs to one goroutine.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/shares_its_budget_among_its_workers_without_a_data_race:_exactly_budget_retries

package main

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Resilient(ctx context.Context, n, workers int, fetch lesson.Fetch, b *Breaker, budget int) []lesson.Result {
	left := budget // shared by every worker, unguarded
	spend := func() bool {
		if left > 0 {
			left--
			return true
		}
		return false
	}

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
