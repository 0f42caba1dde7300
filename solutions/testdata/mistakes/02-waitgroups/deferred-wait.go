// Mistake: wg.Wait() is deferred. It does wait, but only after `return results` has read the slice, while
// the goroutines were still appending to it: a data race, and the caller gets the slice as it was then,
// empty or nearly.
// Replaces: 02-waitgroups/allatoncemutex.go
// Caught by: TestAllAtOnceMutex/returns_one_result_per_request

package main

func AllAtOnceMutex(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	defer wg.Wait() // runs after the return value is taken
	for id := range n {
		wg.Go(func() {
			r := fetch(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			results = append(results, r)
		})
	}
	return results
}
