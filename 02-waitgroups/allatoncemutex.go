//go:build !solution

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// AllAtOnceMutex is AllAtOnce with one difference: the results are gathered in one slice that grows as
// they come in, so they are returned in the order the requests finished, the first to finish first, not
// in request order.
//
// The rest of AllAtOnce's contract holds, clause by clause, and the tests check each: all n requests in
// flight together; no data race; it returns only once every goroutine it started has finished, with every
// result; a failed request's result returned as fetch gave it; all n requests made, whatever ctx says,
// each with ctx, and a cancelled request's result returned like any other.
func AllAtOnceMutex(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	// TODO: write AllAtOnceMutex.
	return nil
}
