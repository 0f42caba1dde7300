// Mistake: each attempt sends its own result on results, so a hedged request ends with two: the winner's,
// and the loser's (ctx's error, once it is cancelled). A request has one result, whatever the number of its
// attempts: only the first answer goes out.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/returns_exactly_one_result_per_request,_hedged_ones_included
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
				answered := make(chan struct{}, 2)
				var attempts sync.WaitGroup
				attempt := func() {
					attempts.Go(func() {
						results <- fetch(request, id) // every attempt sends a result: the loser's too
						answered <- struct{}{}
						<-places
					})
				}
				attempt()
				timer := time.NewTimer(after)
				var room chan<- struct{}
			wait:
				for {
					select {
					case <-answered:
						break wait
					case <-timer.C:
						room = places
					case room <- struct{}{}:
						room = nil
						if request.Err() != nil {
							<-places
							continue
						}
						attempt()
					}
				}
				timer.Stop()
				cancel()
				attempts.Wait()
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
