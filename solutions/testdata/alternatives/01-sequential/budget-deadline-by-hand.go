// Alternative: no context of the budget's own: each request's deadline is computed by hand as the earlier
// of the budget's end and its own limit, and who cut it short is read from the clock, once ctx is known
// not to have ended it.
// Replaces: 01-sequential/challenge.go
// Removes: request

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func WithinBudget(ctx context.Context, n int, fetch lesson.Fetch, budget, perRequest time.Duration) []lesson.Result {
	end := time.Now().Add(budget)
	results := make([]lesson.Result, 0, n)
	for id := range n {
		now := time.Now()
		if ctx.Err() != nil || !now.Before(end) {
			break
		}
		deadline := end
		if perRequest > 0 && now.Add(perRequest).Before(end) {
			deadline = now.Add(perRequest)
		}
		req, cancel := context.WithDeadline(ctx, deadline)
		r := fetch(req, id)
		if r.Err != nil && req.Err() != nil && ctx.Err() == nil {
			// ctx did not end it, so its deadline did: the budget's, if the budget is over by now.
			if time.Now().Before(end) {
				r.Err = ErrRequestTimeout
			} else {
				r.Err = ErrBudgetSpent
			}
		}
		cancel()
		results = append(results, r)
	}
	return results
}
