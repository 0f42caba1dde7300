// Mistake: each worker makes its hedge timer once, before its loop, instead of once per request. It fires
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
			hedgeDue := time.After(after) // once per worker, not once per request
			for {
				select {
				case places <- struct{}{}:
				case <-ctx.Done():
					return
				}
				id, ok := <-jobs
				if !ok || ctx.Err() != nil {
					<-places
					return
				}
				request, cancel := context.WithCancel(ctx)
				answers := make(chan lesson.Result, 2)
				var attempts sync.WaitGroup
				attempt := func() {
					attempts.Go(func() {
						answers <- fetch(request, id)
						<-places
					})
				}
				attempt()
				var (
					room chan<- struct{}
					r    lesson.Result
					due  = hedgeDue
				)
			wait:
				for {
					select {
					case r = <-answers:
						break wait
					case <-due:
						due, room = nil, places
					case room <- struct{}{}:
						room = nil
						select {
						case r = <-answers:
							<-places
							break wait
						default:
						}
						if request.Err() != nil {
							<-places
							continue
						}
						attempt()
					}
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
