// Mistake: a worker takes an id first and then waits for a place; when ctx is cancelled while it waits, it
// returns ctx's error as that request's result. But that request was never made: the report counts its
// result as invalid, a request that was never sent. Take an id only once there is a place to start it in
// (or drop it, without a result).
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/makes_no_request_once_ctx_is_cancelled_while_it_waits_for_a_place,_and_returns_no_result_for_it

package main

import (
	"context"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Hedged(ctx context.Context, n, workers int, fetch lesson.Fetch, after time.Duration) []lesson.Result {
	places := make(chan struct{}, workers)
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
				if ctx.Err() != nil {
					return
				}
				select { // an id first, then a place
				case places <- struct{}{}:
				case <-ctx.Done():
					results <- lesson.Result{ID: id, Err: ctx.Err()} // a result for a request never made
					continue
				}
				results <- hedge(ctx, id, fetch, after, places)
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
