// Mistake: the loop makes a request first and checks the budget's context after it, as if the first
// request could not find it done. When ctx is already done at the call, request 0 is still made: fetch fails
// at once on the done context, but the request is made all the same. Check before each request, the first
// one included.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/makes_no_request_when_ctx_is_already_done_when_it_is_called

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
		results = append(results, request(ctx, run, id, fetch, perRequest))
		if run.Err() != nil { // checked after each request: the first is made even on a ctx already done
			break
		}
	}
	return results
}
