// Mistake: the loop never checks the budget before a request, counting on fetch to fail at once on a spent
// context. It does, but each of those calls is a request made after the budget ended: the report counts
// them as failed instead of never started, and a real server still sees the ones already sent.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/starts_no_request_once_the_budget_is_spent

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func WithinBudget(ctx context.Context, n int, fetch lesson.Fetch, budget, perRequest time.Duration) []lesson.Result {
	run, cancel := context.WithTimeoutCause(ctx, budget, ErrBudgetSpent)
	defer cancel()
	results := make([]lesson.Result, 0, n)
	for id := range n { // no check before each request
		results = append(results, request(ctx, run, id, fetch, perRequest))
	}
	return results
}
