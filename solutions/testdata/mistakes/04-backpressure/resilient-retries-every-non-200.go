// Mistake: anything but a 200 is retried: a 503 or a 429, the server's overload signal, and a 404, which
// will never change, as well as the failures. Only a failure as the breaker counts it (a 500 or more but
// 503, or a transport error) is retried; any other answer is final at once.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestResilient/takes_a_503,_a_429_or_a_404_as_final_at_once:_only_a_failure_is_retried

package main

import (
	"context"
	"net/http"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func finalResult(ctx context.Context, id int, fetch lesson.Fetch, b *Breaker, spend func() bool) (r lesson.Result, attempted bool) {
	for b.Allow(ctx) == nil { // held here while b is open; ctx's error once cancelled
		r, attempted = fetch(ctx, id), true
		b.Done(r)
		if r.Status == http.StatusOK || ctx.Err() != nil || !spend() { // anything but a 200 is retried
			break
		}
	}
	return r, attempted
}
