// Mistake: the budget's context is made afresh for each request, so every request gets a whole budget of
// its own: the run never runs out of time. The budget is one deadline for the whole run, set once, from
// the call.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/starts_no_request_once_the_budget_is_spent

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func WithinBudget(ctx context.Context, n int, fetch lesson.Fetch, budget, perRequest time.Duration) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := range n {
		run, cancel := context.WithTimeoutCause(ctx, budget, ErrBudgetSpent) // a new budget for every request
		if run.Err() != nil {
			cancel()
			break
		}
		results = append(results, request(ctx, run, id, fetch, perRequest))
		cancel()
	}
	return results
}
