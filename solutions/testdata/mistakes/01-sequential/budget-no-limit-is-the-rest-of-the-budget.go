// Mistake: perRequest 0 is taken as "a limit of its own until the budget ends", marked ErrRequestTimeout.
// That limit and the budget end at the same moment, and which of the two timers fires first is luck: the
// request the budget cuts short is marked ErrRequestTimeout about one time in three, and a request may even
// start at the very moment the budget ends. perRequest 0 sets no limit of the request's own.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/cuts_short_the_request_in_flight_when_the_budget_runs_out,_with_no_limit_of_its_own_too

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func request(ctx, run context.Context, id int, fetch lesson.Fetch, perRequest time.Duration) lesson.Result {
	limit := perRequest
	if limit == 0 { // no limit of its own: the rest of the budget, then, as if it were its own
		end, _ := run.Deadline()
		limit = time.Until(end)
	}
	req, cancel := context.WithTimeoutCause(run, limit, ErrRequestTimeout)
	defer cancel()
	r := fetch(req, id)
	if r.Err != nil && req.Err() != nil && ctx.Err() == nil {
		r.Err = context.Cause(req)
	}
	return r
}
