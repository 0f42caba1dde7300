// Alternative: the pool written out, with the hedge in each worker's own select: the worker starts its
// request's first attempt and waits in one select for an answer or the hedge's timer. It counts the
// attempts it has started, and receives every one's answer (a cancelled attempt's comes at once) before it
// takes the next id, so no WaitGroup per request and no buffer are needed.
// Replaces: 03-fanoutin/challenge.go
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
			answers := make(chan lesson.Result) // this worker's attempts answer here
			for id := range jobs {
				if ctx.Err() != nil {
					return
				}
				request, cancel := context.WithCancel(ctx)
				attempt := func() { go func() { answers <- fetch(request, id) }() }
				attempt()
				pending, answered := 1, false
				hedgeDue := time.NewTimer(after)
				var result lesson.Result
				for pending > 0 {
					select {
					case r := <-answers:
						pending--
						if !answered {
							answered, result = true, r
							hedgeDue.Stop() // a stopped timer's channel never delivers: no hedge after the answer
							cancel()        // the other attempt, if any, gives up now
						}
					case <-hedgeDue.C: // fires once at most: one hedge at most
						if request.Err() == nil {
							attempt()
							pending++
						}
					}
				}
				cancel()
				results <- result
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
