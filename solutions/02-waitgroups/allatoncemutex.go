package waitgroups

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// AllAtOnceMutex makes requests 0 to n-1 at once and appends their results to one slice as they finish.
// The mutex makes each append happen entirely before or after any other.
func AllAtOnceMutex(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for id := range n {
		wg.Go(func() {
			r := fetch(ctx, id) // outside the lock: only the append needs it
			mu.Lock()
			defer mu.Unlock()
			results = append(results, r)
		})
	}
	wg.Wait()
	return results
}
