// Mistake: any request cut short while the budget's context is done is marked ErrBudgetSpent, and its
// error replaced. When the caller cancels ctx, the budget's context, its child, is done too: the request
// Ctrl-C cut short reads as the budget's, and its context.Canceled is lost.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/marks_a_request_that_ctx_cut_short_as_neither_ErrBudgetSpent_nor_ErrRequestTimeout

package main

import (
	"context"
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
	switch {
	case r.Err == nil:
	case run.Err() != nil: // also when ctx was cancelled
		r.Err = ErrBudgetSpent
	case req.Err() != nil:
		r.Err = ErrRequestTimeout
	}
	return r
}
