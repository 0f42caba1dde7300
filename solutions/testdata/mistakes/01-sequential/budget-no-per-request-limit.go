// Mistake: perRequest is never applied: each request gets what remains of the budget. One slow answer can
// then take the whole budget, which is what the per-request limit is for.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/cuts_short_a_request_that_outlives_its_own_limit,_and_goes_on_with_the_next

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func request(ctx, run context.Context, id int, fetch lesson.Fetch, perRequest time.Duration) lesson.Result {
	r := fetch(run, id) // no limit of its own
	if r.Err != nil && run.Err() != nil && ctx.Err() == nil {
		r.Err = context.Cause(run)
	}
	return r
}
