// Mistake: Merge's forwarders range over their input and send without a select: once ctx is cancelled, one
// waits forever on an input that never closes and another on a send nobody will receive.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestMerge/closes_and_leaves_no_goroutine_once_ctx_is_cancelled,_even_if_nobody_reads

//go:build !solution

package main

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// FanOutIn makes requests 0 to n-1 with a pool of workers goroutines and returns one result per request,
// in the order they finish. Once ctx is cancelled it starts no more requests and returns what it
// collected, with every goroutine it started ended.
func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)

	// Fan-out. The producer is the only sender on jobs, so it is the one to close it.
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
				// A job and a cancellation can be ready at once; checking here means no request
				// starts after ctx is cancelled.
				if ctx.Err() != nil {
					return
				}
				select {
				case results <- fetch(ctx, id):
				case <-ctx.Done():
					return
				}
			}
		})
	}

	// Fan-in. Every worker sends on results, so none of them may close it: one closer does, once they
	// have all returned.
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

// Merge forwards every value from all of ins onto one channel.
func Merge(ctx context.Context, ins ...<-chan lesson.Result) <-chan lesson.Result {
	out := make(chan lesson.Result)
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Go(func() {
			for r := range in { // neither the receive nor the send looks at ctx
				out <- r
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
