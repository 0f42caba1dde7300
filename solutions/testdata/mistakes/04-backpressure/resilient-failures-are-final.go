// Mistake: a request that fails is final at once: its 500 is its result, even though the breaker opens
// right after and the server is back a few seconds later. The breaker then only saves the server from the
// requests that come after; the ones that failed in the outage are lost to the run. A worker holds its
// failed request, and makes it again once the breaker lets it through.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/ends_every_request_200_OK_once_the_server_is_back,_those_that_failed_in_the_outage_included

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
	return r, true // a failure is never retried
}
