// Mistake: fetch runs in a goroutine, and the loop waits for its answer or for the request's context to
// end, whichever is first. When the context ends, it makes up the result itself and starts the next
// request at once, while fetch is still giving up: two requests are in flight, and the last one is still
// running when WithinBudget returns. A request cut short has ended only when fetch returns: wait for it.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/waits_for_a_request_cut_short_to_return_before_it_starts_the_next

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func request(ctx, run context.Context, id int, fetch lesson.Fetch, perRequest time.Duration) lesson.Result {
	req, cancel := run, func() {}
	if perRequest > 0 {
		req, cancel = context.WithTimeoutCause(run, perRequest, ErrRequestTimeout)
	}
	defer cancel()
	answer := make(chan lesson.Result, 1)
	go func() { answer <- fetch(req, id) }()
	select {
	case r := <-answer:
		if r.Err != nil && req.Err() != nil && ctx.Err() == nil {
			r.Err = context.Cause(req)
		}
		return r
	case <-req.Done(): // cut short: on to the next request, without waiting for fetch to give up
		r := lesson.Result{ID: id, Err: req.Err()}
		if ctx.Err() == nil {
			r.Err = context.Cause(req)
		}
		return r
	}
}
