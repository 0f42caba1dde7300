// Mistake: every failure is retried, with no budget: against a server that stays down, each request is
// retried at every probe, for ever, and the run never ends. The breaker spares the server; the budget
// spares the run.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/spends_no_more_than_its_budget,_and_once_it_is_spent_a_failure_is_final

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func finalResult(ctx context.Context, id int, fetch lesson.Fetch, b *Breaker, spend func() bool) (r lesson.Result, attempted bool) {
	for b.Allow(ctx) == nil { // held here while b is open; ctx's error once cancelled
		r, attempted = fetch(ctx, id), true
		b.Done(r)
		if !isFailure(r) || ctx.Err() != nil { // no budget: retried until it succeeds
			break
		}
	}
	return r, attempted
}
