// Mistake: the pool gets twice as many places as workers, "to leave room for the hedges". Then it keeps up
// to 2×workers attempts in flight, hedged or not: the bound the pool exists for is gone. A hedge takes one
// of the workers places, and waits for one when none is free.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/keeps_at_most_W_attempts_in_flight,_hedges_included,_and_exactly_W_while_there_is_work_for_all_W

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
	places := make(chan struct{}, 2*workers) // room for the hedges: twice the bound
	jobs := make(chan int)
	results := make(chan lesson.Result)

	go sendIDs(ctx, n, jobs) // the one sender on jobs

	var wg sync.WaitGroup
	for range 2 * workers {
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
