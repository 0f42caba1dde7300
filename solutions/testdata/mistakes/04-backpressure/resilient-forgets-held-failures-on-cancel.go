// Mistake: when ctx is cancelled while the breaker holds a request that failed, the worker returns
// without a result for it: its failure was made, and is lost. Every request attempted ends with one final
// result, its last attempt's, however the run ends.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/stops_promptly_when_cancelled_while_the_breaker_holds_its_workers,_and_keeps_each_failure

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func finalResult(ctx context.Context, id int, fetch lesson.Fetch, b *Breaker, spend func() bool) (r lesson.Result, attempted bool) {
	for {
		if b.Allow(ctx) != nil {
			return lesson.Result{}, false // the failed attempt, if there was one, goes with it
		}
		r, attempted = fetch(ctx, id), true
		b.Done(r)
		if !isFailure(r) || ctx.Err() != nil || !spend() {
			return r, attempted
		}
	}
}
