// Mistake: the producer never closes jobs, so the workers wait for another id forever, results is never
// closed, and FanOutIn never returns.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/returns_one_result_per_request

//go:build !solution

package main

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)
	go func() {
		for id := range n { // jobs is never closed: the workers wait for more ids forever
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
				select {
				case results <- fetch(ctx, id):
				case <-ctx.Done():
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

// Merge forwards every value from all of ins onto one channel, which it closes once every input is closed
// and drained, or once ctx is cancelled.
func Merge(ctx context.Context, ins ...<-chan lesson.Result) <-chan lesson.Result {
	out := make(chan lesson.Result)
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Go(func() {
			for {
				// Both the receive and the send wait in a select with ctx.Done(): an input that is never
				// closed, or an output nobody reads, must not keep this goroutine once ctx is cancelled.
				select {
				case r, ok := <-in:
					if !ok {
						return
					}
					select {
					case out <- r:
					case <-ctx.Done():
						return
					}
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
