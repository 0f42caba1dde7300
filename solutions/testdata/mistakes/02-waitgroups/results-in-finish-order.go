// Mistake: AllAtOnce appends each result under a lock, as AllAtOnceMutex does: no race, but the results come
// back in the order the requests finished, not in request order.
// Replaces: 02-waitgroups/allatonce.go
// Caught by: TestAllAtOnce/returns_the_results_in_request_order

package main

func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for id := range n {
		wg.Go(func() {
			r := fetch(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			results = append(results, r) // in the order they finish; AllAtOnce promises request order
		})
	}
	wg.Wait()
	return results
}
