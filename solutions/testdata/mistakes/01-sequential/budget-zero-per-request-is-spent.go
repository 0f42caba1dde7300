// Mistake: the request's own timeout is set even when perRequest is 0, which means "no limit of its own".
// A timeout of 0 is over before it starts: every request fails at once, and none is ever answered.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/sets_no_limit_of_its_own_when_perRequest_is_0

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func request(ctx, run context.Context, id int, fetch lesson.Fetch, perRequest time.Duration) lesson.Result {
	req, cancel := context.WithTimeoutCause(run, perRequest, ErrRequestTimeout) // 0: already timed out
	defer cancel()
	r := fetch(req, id)
	if r.Err != nil && req.Err() != nil && ctx.Err() == nil {
		r.Err = context.Cause(req)
	}
	return r
}
