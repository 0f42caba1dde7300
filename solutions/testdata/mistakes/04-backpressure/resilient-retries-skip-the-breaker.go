// Mistake: a worker asks the breaker before a request's first attempt, but retries a failure at once,
// without asking again. During an outage every retry goes to the down server, open breaker or not: the
// breaker holds the new requests while the retries hammer on, until the budget is spent.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/sends_nothing_while_the_breaker_is_open,_and_no_more_than_Probes_while_it_is_half-open

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func finalResult(ctx context.Context, id int, fetch lesson.Fetch, b *Breaker, spend func() bool) (r lesson.Result, attempted bool) {
	if b.Allow(ctx) != nil {
		return lesson.Result{}, false
	}
	r = fetch(ctx, id)
	b.Done(r)
	for isFailure(r) && ctx.Err() == nil && spend() {
		r = fetch(ctx, id) // a retry the breaker never saw
		b.Done(r)
	}
	return r, true
}
