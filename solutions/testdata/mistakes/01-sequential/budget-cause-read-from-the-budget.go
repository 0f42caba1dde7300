// Mistake: who cut a request short is read from the budget's context: if it is done, the budget did. But
// the budget's context is a child of ctx, so it is done as well when a deadline of ctx's own passes, and
// that request is marked ErrBudgetSpent though the budget had time left. The cause of the request's
// context says who ended it, whichever ancestor that was.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/marks_a_request_that_ctx_cut_short_as_neither_ErrBudgetSpent_nor_ErrRequestTimeout

package main

import (
	"context"
	"errors"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func request(ctx, run context.Context, id int, fetch lesson.Fetch, perRequest time.Duration) lesson.Result {
	req, cancel := run, func() {}
	if perRequest > 0 {
		req, cancel = context.WithTimeout(run, perRequest)
	}
	defer cancel()
	r := fetch(req, id)
	if errors.Is(r.Err, context.DeadlineExceeded) {
		if run.Err() != nil { // done as well when ctx's own deadline passed
			r.Err = ErrBudgetSpent
		} else {
			r.Err = ErrRequestTimeout
		}
	}
	return r
}
