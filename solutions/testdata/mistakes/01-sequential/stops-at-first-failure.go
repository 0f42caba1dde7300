// Mistake: the loop stops at the first failed request (a 500, or a transport error), as if a failure ended
// the run: the remaining requests are never made, and a run of 7,500 returns a few hundred results.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/carries_on_after_a_failed_request,_and_returns_every_result

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := range n {
		if ctx.Err() != nil {
			break
		}
		r := fetch(ctx, id)
		results = append(results, r)
		if r.Err != nil || r.Status != 200 {
			break // a failed request is an answer, not a reason to stop the others
		}
	}
	return results
}
