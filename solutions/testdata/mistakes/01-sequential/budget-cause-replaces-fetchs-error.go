// Mistake: the budget and each request's limit are timers that cancel a context with a cause
// (WithCancelCause and time.AfterFunc), and a result cut short gets the cause in place of fetch's error.
// But a context cancelled that way ends fetch with context.Canceled, not DeadlineExceeded: the result no
// longer says what fetch said, and the program's report finds it is not its request's outcome ("the
// pattern lost them"). Wrap the cause beside fetch's error (fmt.Errorf with two %w).
// Replaces: 01-sequential/challenge.go
// Based on: budget-timers-as-causes
// Caught by: TestWithinBudget/keeps_fetch's_error_in_a_result_it_marks

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func request(ctx, run context.Context, id int, fetch lesson.Fetch, perRequest time.Duration) lesson.Result {
	req, endReq := context.WithCancelCause(run)
	defer endReq(nil)
	stopOwn := func() bool { return false }
	if perRequest > 0 {
		stopOwn = time.AfterFunc(perRequest, func() { endReq(ErrRequestTimeout) }).Stop
	}
	r := fetch(req, id)
	stopOwn()
	if r.Err != nil && req.Err() != nil && ctx.Err() == nil {
		r.Err = context.Cause(req) // in place of fetch's context.Canceled
	}
	return r
}
