// Mistake: the loop stops at the first context.DeadlineExceeded, as if every time-out were the end of the
// budget. A request's own time-out is the answer to that one request: the budget may have plenty left for
// the next.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/cuts_short_a_request_that_outlives_its_own_limit,_and_goes_on_with_the_next

package main

import (
	"context"
	"errors"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func WithinBudget(ctx context.Context, n int, fetch lesson.Fetch, budget, perRequest time.Duration) []lesson.Result {
	run, cancel := context.WithTimeoutCause(ctx, budget, ErrBudgetSpent)
	defer cancel()
	results := make([]lesson.Result, 0, n)
	for id := range n {
		if run.Err() != nil {
			break
		}
		r := request(ctx, run, id, fetch, perRequest)
		results = append(results, r)
		if errors.Is(r.Err, context.DeadlineExceeded) { // any time-out ends the run
			break
		}
	}
	return results
}
