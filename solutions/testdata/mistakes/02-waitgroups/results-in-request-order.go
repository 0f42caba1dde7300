// Mistake: AllAtOnceMutex writes each result to its place by id, under the lock, as AllAtOnce does: the
// results come back in request order, not in the order the requests finished, and the lock guards nothing
// that needed it.
// Replaces: 02-waitgroups/allatoncemutex.go
// Caught by: TestAllAtOnceMutex/returns_the_results_in_the_order_the_requests_finished

package main

func AllAtOnceMutex(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for id := range n {
		wg.Go(func() {
			r := fetch(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			results[id] = r // by id: request order, whenever it finished
		})
	}
	wg.Wait()
	return results
}
