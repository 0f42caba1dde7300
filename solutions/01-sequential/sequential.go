// Package sequential is the reference solution of lesson 01-sequential.
package sequential

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Sequential makes requests 0 to n-1 one after another and returns their results in request order. Once
// ctx is cancelled it makes no further request and returns the results so far.
func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := range n {
		// Checking before each request, not only relying on fetch to fail fast, is what keeps a
		// cancelled run from starting the remaining requests at all.
		if ctx.Err() != nil {
			break
		}
		results = append(results, fetch(ctx, id))
	}
	return results
}
