// Alternative: the budget and each request's limit are timers that cancel a context with a cause
// (context.WithCancelCause and time.AfterFunc), instead of contexts with deadlines; the cause of the
// request's context still says who cut it short. A context cancelled that way ends fetch with
// context.Canceled, not DeadlineExceeded, so the cause is wrapped beside fetch's error, not put in its place.
// Replaces: 01-sequential/challenge.go
// Removes: request

package main

import (
	"context"
	"fmt"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func WithinBudget(ctx context.Context, n int, fetch lesson.Fetch, budget, perRequest time.Duration) []lesson.Result {
	run, endRun := context.WithCancelCause(ctx)
	defer endRun(nil)
	budgetTimer := time.AfterFunc(budget, func() { endRun(ErrBudgetSpent) })
	defer budgetTimer.Stop()

	results := make([]lesson.Result, 0, n)
	for id := range n {
		if context.Cause(run) != nil {
			break
		}
		req, endReq := context.WithCancelCause(run)
		stopOwn := func() bool { return false }
		if perRequest > 0 {
			stopOwn = time.AfterFunc(perRequest, func() { endReq(ErrRequestTimeout) }).Stop
		}
		r := fetch(req, id)
		stopOwn()
		if r.Err != nil && req.Err() != nil && ctx.Err() == nil {
			r.Err = fmt.Errorf("%w (%w)", context.Cause(req), r.Err)
		}
		endReq(nil)
		results = append(results, r)
	}
	return results
}
