// Mistake: a request that fails is final at once: its 500 is its result, even though the breaker opens
// right after and the server is back a few seconds later. The breaker then only saves the server from the
// requests that come after; the ones that failed in the outage are lost to the run. A worker holds its
// failed request, and makes it again once the breaker lets it through.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/ends_every_request_200_OK_once_the_server_is_back,_those_that_failed_in_the_outage_included

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
				_ = spend // a failure is never retried
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
