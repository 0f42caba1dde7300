// Mistake: every failed result's Err is replaced by the cause of its request's context. But a request can
// fail while its context is still live (a transport error, a connection reset), and the cause of a live
// context is nil: the error is lost, and the result has neither an error nor a status. Mark only a result
// whose context has ended.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/keeps_going_after_a_failed_request

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func request(ctx, run context.Context, id int, fetch lesson.Fetch, perRequest time.Duration) lesson.Result {
	req, cancel := run, func() {}
	if perRequest > 0 {
		req, cancel = context.WithTimeoutCause(run, perRequest, ErrRequestTimeout)
	}
	defer cancel()
	r := fetch(req, id)
	if r.Err != nil && ctx.Err() == nil {
		r.Err = context.Cause(req) // nil while req has not ended
	}
	return r
}
