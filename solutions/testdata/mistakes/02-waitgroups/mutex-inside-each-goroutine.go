// Mistake: each goroutine declares a sync.Mutex of its own and locks it around the append. No other
// goroutine ever takes that lock, so it excludes nobody: the appends still race, as in the original code.
// Replaces: 02-waitgroups/allatoncemutex.go
// Caught by: TestAllAtOnceMutex/returns_one_result_per_request

package main

func AllAtOnceMutex(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	var wg sync.WaitGroup
	for id := range n {
		wg.Go(func() {
			var mu sync.Mutex // one per goroutine: a lock nobody else takes
			r := fetch(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			results = append(results, r)
		})
	}
	wg.Wait()
	return results
}
