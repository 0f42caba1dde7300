// Mistake: the budget is a goroutine that sleeps for it and then cancels the run. When the requests are
// all done before the budget ends, WithinBudget returns and leaves that goroutine asleep, with nobody to
// stop it. Every goroutine needs an owner that ends it; a context with a deadline needs none.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/leaves_nothing_running_when_it_returns

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func WithinBudget(ctx context.Context, n int, fetch lesson.Fetch, budget, perRequest time.Duration) []lesson.Result {
	run, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		time.Sleep(budget) // outlives the call when the requests end first
		cancel(ErrBudgetSpent)
	}()
	results := make([]lesson.Result, 0, n)
	for id := range n {
		if run.Err() != nil {
			break
		}
		results = append(results, request(ctx, run, id, fetch, perRequest))
	}
	return results
}
