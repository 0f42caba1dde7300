// Alternative: the budget and each request's limit are timers that cancel a context with a cause
// (context.WithCancelCause and time.AfterFunc), instead of contexts with deadlines; the cause of the
// request's context still says who cut it short. A context cancelled that way ends fetch with
// context.Canceled, not DeadlineExceeded, so the cause is wrapped beside fetch's error, not put in its place.
// Replaces: 01-sequential/challenge.go

package main

import (
	"context"
	"errors"
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
		results = append(results, request(ctx, run, id, fetch, perRequest))
	}
	return results
}

func request(_, run context.Context, id int, fetch lesson.Fetch, perRequest time.Duration) lesson.Result {
	req, endReq := context.WithCancelCause(run)
	defer endReq(nil)
	stopOwn := func() bool { return false }
	if perRequest > 0 {
		stopOwn = time.AfterFunc(perRequest, func() { endReq(ErrRequestTimeout) }).Stop
	}
	r := fetch(req, id)
	stopOwn()
	// req's cause is whichever cancelled it first: its own timer, the budget's (through run), or ctx.
	if cause := context.Cause(req); r.Err != nil && (errors.Is(cause, ErrRequestTimeout) || errors.Is(cause, ErrBudgetSpent)) {
		r.Err = fmt.Errorf("%w (%w)", cause, r.Err)
	}
	return r
}
