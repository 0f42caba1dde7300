// Mistake: once it has sent a hedge, the worker hands the request to a goroutine of its own and takes the
// next id, so as not to sit idle on a slow request. But then the pool keeps more than workers requests
// going, one more for every slow one: the bound the pool exists for is gone exactly when the server is slow.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/keeps_exactly_W_requests_going_while_there_is_work_for_all_W,_however_many_are_hedged
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
			for id := range jobs {
				if ctx.Err() != nil {
					return
				}
				request, cancel := context.WithCancel(ctx)
				answers := make(chan lesson.Result, 2)
				var attempts sync.WaitGroup
				attempt := func() { attempts.Go(func() { answers <- fetch(request, id) }) }
				attempt()
				timer := time.NewTimer(after)
				select {
				case r := <-answers:
					timer.Stop()
					cancel()
					attempts.Wait()
					results <- r
				case <-timer.C:
					if request.Err() == nil {
						attempt()
					}
					wg.Go(func() { // the request goes on in a goroutine of its own; the worker moves on
						r := <-answers
						cancel()
						attempts.Wait()
						results <- r
					})
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
