// Mistake: the worker makes its hedge timer once, before its loop, instead of once per request. It fires
// `after` after the worker started, during whatever request is going then, and never again: one request
// is hedged too early, and the others never.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/hedges_a_request_with_no_answer_within_after,_at_that_moment,_and_returns_the_hedge's_answer
// Removes: hedge

package main

import (
	"context"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Hedged(ctx context.Context, n, workers int, fetch lesson.Fetch, after time.Duration) []lesson.Result {
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
			hedgeDue := time.After(after) // once per worker, not once per request
			for id := range jobs {
				if ctx.Err() != nil {
					return
				}
				request, cancel := context.WithCancel(ctx)
				answers := make(chan lesson.Result, 2)
				var attempts sync.WaitGroup
				attempt := func() { attempts.Go(func() { answers <- fetch(request, id) }) }
				attempt()
				var r lesson.Result
				select {
				case r = <-answers:
				case <-hedgeDue:
					if request.Err() == nil {
						attempt()
					}
					r = <-answers
				}
				cancel()
				attempts.Wait()
				results <- r
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
