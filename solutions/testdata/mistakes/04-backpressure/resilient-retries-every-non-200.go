// Mistake: anything but a 200 is retried: a 503 or a 429, the server's overload signal, and a 404, which
// will never change, as well as the failures. Only a failure as the breaker counts it (a 500 or more but
// 503, or a transport error) is retried; any other answer is final at once.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/takes_a_503,_a_429_or_a_404_as_final_at_once:_only_a_failure_is_retried

package main

import (
	"context"
	"net/http"
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
					if r.Status == http.StatusOK || ctx.Err() != nil || !spend() { // anything but a 200 is retried
						break
					}
				}
				if attempted {
					results <- r // no select: the collector reads until results is closed
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
