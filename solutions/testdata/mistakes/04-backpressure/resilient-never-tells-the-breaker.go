// Mistake: the workers ask the breaker before each attempt, but never tell it the outcome (Done): it
// never hears of a failure, never opens, and the pool goes on hammering the down server, retrying each
// failure at once until the budget is spent.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/sends_nothing_while_the_breaker_is_open,_and_no_more_than_Probes_while_it_is_half-open

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func finalResult(ctx context.Context, id int, fetch lesson.Fetch, b *Breaker, spend func() bool) (r lesson.Result, attempted bool) {
	for b.Allow(ctx) == nil { // held here while b is open; ctx's error once cancelled
		r, attempted = fetch(ctx, id), true // and no b.Done(r)
		if !isFailure(r) || ctx.Err() != nil || !spend() {
			break
		}
	}
	return r, attempted
}
