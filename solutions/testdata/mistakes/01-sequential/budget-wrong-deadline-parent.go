// Mistake: each request's context is derived from the caller's ctx instead of from the budget's. Its own
// deadline, perRequest after its start, may then fall after the budget's end: the request in flight when
// the budget runs out goes on until it answers or its own time is up. A child's deadline can never be
// later than its parent's, so a request derived from the budget cannot outlive it.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/cuts_short_the_request_in_flight_the_moment_the_budget_runs_out

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func request(ctx, run context.Context, id int, fetch lesson.Fetch, perRequest time.Duration) lesson.Result {
	req, cancel := run, func() {}
	if perRequest > 0 {
		req, cancel = context.WithTimeoutCause(ctx, perRequest, ErrRequestTimeout) // the wrong parent: ctx, not run
	}
	defer cancel()
	r := fetch(req, id)
	if r.Err != nil && req.Err() != nil && ctx.Err() == nil {
		r.Err = context.Cause(req)
	}
	return r
}
