// Mistake: who cut a request short is read from the clock when fetch returns: the budget if its end has
// passed by then, the request's own limit if perRequest has. But fetch takes a moment to give up: a request
// cut short by its own limit that returns after the budget's end is marked ErrBudgetSpent. Who ended it was
// decided the moment its context ended; the context's cause keeps that.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/marks_a_result_by_the_limit_that_ran_out_first,_even_when_the_other_runs_out_while_it_gives_up

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func request(ctx, run context.Context, id int, fetch lesson.Fetch, perRequest time.Duration) lesson.Result {
	start := time.Now()
	req, cancel := run, func() {}
	if perRequest > 0 {
		req, cancel = context.WithTimeout(run, perRequest)
	}
	defer cancel()
	r := fetch(req, id)
	if r.Err != nil && req.Err() != nil && ctx.Err() == nil {
		// told by the clock when fetch returns, not by what ended the context
		if end, _ := run.Deadline(); !time.Now().Before(end) {
			r.Err = ErrBudgetSpent
		} else if perRequest > 0 && time.Since(start) >= perRequest {
			r.Err = ErrRequestTimeout
		}
	}
	return r
}
