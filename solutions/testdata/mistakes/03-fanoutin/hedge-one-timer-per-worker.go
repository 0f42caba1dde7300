// Mistake: each worker makes its hedge timer once, before its loop, instead of once per request. It fires
// `after` after the worker started, during whatever request is going then, and never again: one request
// is hedged too early, and the others never.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/hedges_a_request_with_no_answer_within_after,_at_that_moment,_and_returns_the_hedge's_answer
// Removes: hedge

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func hedgeEach(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch, after time.Duration, places chan struct{}) {
	due := time.After(after) // once per worker, not once per request
	for {
		select {
		case places <- struct{}{}:
		case <-ctx.Done():
			return
		}
		id, ok := <-jobs
		if !ok || ctx.Err() != nil {
			<-places // no request to make in it
			return
		}
		r := newHedgedRequest(ctx, id, fetch, places)
		r.attempt()
		first := r.firstAnswer(due)
		r.stop()
		results <- first
	}
}
