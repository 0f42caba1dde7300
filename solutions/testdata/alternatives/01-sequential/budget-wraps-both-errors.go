// Alternative: the budget's deadline and the request's are set with context.WithDeadlineCause, and a
// result cut short keeps fetch's error, wrapped together with the cause (fmt.Errorf with two %w), instead
// of having it replaced by the cause.
// Replaces: 01-sequential/challenge.go
// Removes: request

package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func WithinBudget(ctx context.Context, n int, fetch lesson.Fetch, budget, perRequest time.Duration) []lesson.Result {
	run, cancel := context.WithDeadlineCause(ctx, time.Now().Add(budget), ErrBudgetSpent)
	defer cancel()
	results := make([]lesson.Result, 0, n)
	for id := 0; id < n && run.Err() == nil; id++ {
		req, cancelReq := run, context.CancelFunc(func() {})
		if perRequest > 0 {
			req, cancelReq = context.WithDeadlineCause(run, time.Now().Add(perRequest), ErrRequestTimeout)
		}
		r := fetch(req, id)
		cause := context.Cause(req)
		if r.Err != nil && (errors.Is(cause, ErrBudgetSpent) || errors.Is(cause, ErrRequestTimeout)) {
			r.Err = fmt.Errorf("request %d: %w (%w)", id, r.Err, cause)
		}
		cancelReq()
		results = append(results, r)
	}
	return results
}
