// Mistake: the budget is a time checked before each request, not a context: a request that starts before
// the budget ends runs on past it, until it answers or its own limit is up. The budget must cut short the
// request in flight, so it has to be in the request's context.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/cuts_short_the_request_in_flight_the_moment_the_budget_runs_out

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func WithinBudget(ctx context.Context, n int, fetch lesson.Fetch, budget, perRequest time.Duration) []lesson.Result {
	deadline := time.Now().Add(budget)
	results := make([]lesson.Result, 0, n)
	for id := range n {
		if ctx.Err() != nil || !time.Now().Before(deadline) { // checked only between requests
			break
		}
		results = append(results, request(ctx, ctx, id, fetch, perRequest))
	}
	return results
}
