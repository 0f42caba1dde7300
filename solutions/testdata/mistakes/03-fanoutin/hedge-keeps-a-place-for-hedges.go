// Mistake: one place is kept free for hedges: workers-1 workers take requests. But a place left empty
// while there is work is throughput lost on every run, for hedges that most of the time are not due: the
// pool should keep exactly workers attempts in flight while it has work, and a hedge takes its turn for a
// place like a request.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/returns_one_result_per_request,_and_hedges_none_that_answer_within_after

package main

import (
	"context"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Hedged(ctx context.Context, n, workers int, fetch lesson.Fetch, after time.Duration) []lesson.Result {
	// A token per attempt in flight: the pool's bound is on attempts, the load the server feels, and a
	// hedge takes a place like a request.
	places := make(chan struct{}, workers)
	jobs := make(chan int)
	results := make(chan lesson.Result)

	go sendIDs(ctx, n, jobs) // the one sender on jobs

	var wg sync.WaitGroup
	for range max(workers-1, 1) { // one place left for the hedges
		wg.Go(func() { hedgeEach(ctx, jobs, results, fetch, after, places) })
	}

	go closeAfter(&wg, results) // the one closer of results

	// As in FanOutIn: the collector reads until results is closed, so every worker's send completes.
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}
