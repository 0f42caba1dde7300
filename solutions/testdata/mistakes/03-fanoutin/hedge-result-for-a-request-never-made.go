// Mistake: a worker takes an id first and then waits for a place; when ctx is cancelled while it waits, it
// returns ctx's error as that request's result. But that request was never made: the report counts its
// result as invalid, a request that was never sent. Take an id only once there is a place to start it in
// (or drop it, without a result).
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/makes_no_request_once_ctx_is_cancelled_while_it_waits_for_a_place,_and_returns_no_result_for_it

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func hedgeEach(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch, after time.Duration, places chan struct{}) {
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
}
