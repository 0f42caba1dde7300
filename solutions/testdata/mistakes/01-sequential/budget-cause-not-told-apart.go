// Mistake: a result cut short keeps the error fetch returned, context.DeadlineExceeded, whoever cut it
// short: the request's own limit and the end of the budget look the same. The context's cause says which.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/marks_the_request_the_budget_cut_short_with_ErrBudgetSpent

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
	return fetch(req, id) // its error never says who cut it short
}
