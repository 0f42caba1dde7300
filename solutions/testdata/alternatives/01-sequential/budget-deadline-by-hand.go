// Alternative: no context of the budget's own: each request's deadline is computed by hand as the earlier
// of the budget's end and its own limit, and who cut it short is known from which of the two it was given,
// once its context is known to have ended at that deadline (its Err is DeadlineExceeded, and its deadline
// is the one it was given, not an earlier one of ctx's own).
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
		deadline, mark := end, ErrBudgetSpent
		if perRequest > 0 && now.Add(perRequest).Before(end) {
			deadline, mark = now.Add(perRequest), ErrRequestTimeout
		}
		req, cancel := context.WithDeadline(ctx, deadline)
		r := fetch(req, id)
		// A context's Err is the first thing that ended it, whenever fetch returns. When ctx has an earlier
		// deadline of its own, req's is ctx's: then ctx ended it, and r keeps ctx's error.
		if given, _ := req.Deadline(); r.Err != nil && req.Err() == context.DeadlineExceeded && given.Equal(deadline) {
			r.Err = mark // wraps DeadlineExceeded, fetch's error
		}
		cancel()
		results = append(results, r)
	}
	return results
}
