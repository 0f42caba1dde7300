// Mistake: the results slice is made with length n and filled by index, so a cancelled run returns n
// results, the ones never made among them as empty Results that look like request 0.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/returns_the_result_of_the_request_cut_short,_and_only_the_results_of_requests_made

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	for id := range n {
		if ctx.Err() != nil {
			break
		}
		results[id] = fetch(ctx, id)
	}
	return results
}
