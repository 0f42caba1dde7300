// Mistake: as in the original project, nothing looks at ctx: after a cancellation the producer keeps sending
// ids and the workers keep making requests, each failing at once, until all n are done.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/stops_promptly_when_cancelled,_leaving_no_goroutine_behind

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
		defer close(jobs)
		for id := range n {
			jobs <- id
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs { // no look at ctx: after a cancellation every remaining id is still fetched
				results <- fetch(ctx, id)
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
