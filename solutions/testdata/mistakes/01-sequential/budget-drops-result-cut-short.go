// Mistake: once the budget is spent, the loop leaves before keeping the result of the request the budget
// just cut short. That request was started: it needs its result like any other, and the report would
// otherwise count it as lost.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/keeps_the_result_of_the_request_the_budget_cut_short

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
	for id := range n {
		if run.Err() != nil {
			break
		}
		r := request(ctx, run, id, fetch, perRequest)
		if run.Err() != nil { // the request the budget cut short is dropped
			break
		}
		results = append(results, r)
	}
	return results
}
