// Mistake: with perRequest 0 ("no limit of its own") the request gets ctx, the caller's context, instead of
// the budget's: the budget no longer reaches the request in flight, which runs on past it. No limit of its
// own still leaves the budget's: the request's context is the budget's context itself.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/cuts_short_the_request_in_flight_when_the_budget_runs_out,_with_no_limit_of_its_own_too

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func request(ctx, run context.Context, id int, fetch lesson.Fetch, perRequest time.Duration) lesson.Result {
	req, cancel := ctx, func() {} // no limit of its own, and none of the budget's either
	if perRequest > 0 {
		req, cancel = context.WithTimeoutCause(run, perRequest, ErrRequestTimeout)
	}
	defer cancel()
	r := fetch(req, id)
	if r.Err != nil && req.Err() != nil && ctx.Err() == nil {
		r.Err = context.Cause(req)
	}
	return r
}
