// Mistake: every id a worker takes gets a result, ctx's error for one whose first attempt the breaker was
// still holding when ctx was cancelled. That request was never made: Resilient returns a final result per
// request it attempted, and none for a request that never got through.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/returns_no_result_for_a_request_it_never_attempted:_one_held_for_its_first_attempt_when_ctx_is_cancelled

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func finalResult(ctx context.Context, id int, fetch lesson.Fetch, b *Breaker, spend func() bool) (r lesson.Result, attempted bool) {
	for b.Allow(ctx) == nil { // held here while b is open; ctx's error once cancelled
		r, attempted = fetch(ctx, id), true
		b.Done(r)
		if !isFailure(r) || ctx.Err() != nil || !spend() {
			break
		}
	}
	if !attempted {
		return lesson.Result{ID: id, Err: ctx.Err()}, true // a result for every id taken, attempted or not
	}
	return r, attempted
}
