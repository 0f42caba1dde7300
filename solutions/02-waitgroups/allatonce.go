// Package waitgroups is the reference solution of lesson 02-waitgroups.
package waitgroups

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// AllAtOnce makes requests 0 to n-1 at once, one goroutine each, and returns their results in request
// order. Each goroutine writes only results[id], so they share no memory and need no lock.
func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var wg sync.WaitGroup
	for id := range n {
		wg.Go(func() { results[id] = fetch(ctx, id) })
	}
	wg.Wait() // every goroutine has returned: the results are complete, and nothing is left running
	return results
}
