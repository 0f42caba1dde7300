// Mistake: a ticker instead of a timer: while no answer has come, a hedge is due again every after, not
// once. On a slow server every request then costs several attempts, and the hedges add the very load that
// makes answers slow. One hedge per request at most.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/never_sends_more_than_one_hedge_per_request

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func hedge(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration, places chan struct{}) lesson.Result {
	r := newHedgedRequest(ctx, id, fetch, places)
	r.attempt() // the first, in the place its worker took

	due := time.NewTicker(after) // fires every after, until the answer
	defer due.Stop()
	first := r.firstAnswer(due.C)
	r.stop()
	return first
}
