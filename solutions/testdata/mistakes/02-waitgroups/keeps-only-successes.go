// Mistake: only the requests answered 200 OK are appended; a 500 or a transport error is dropped, as if
// it had never been made. The report then has fewer results than requests, and no trace of the failures.
// Replaces: 02-waitgroups/allatoncemutex.go
// Caught by: TestAllAtOnceMutex/keeps_the_results_of_failed_requests

package main

func AllAtOnceMutex(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for id := range n {
		wg.Go(func() {
			r := fetch(ctx, id)
			if r.Err != nil || r.Status != 200 {
				return // a failure is dropped
			}
			mu.Lock()
			defer mu.Unlock()
			results = append(results, r)
		})
	}
	wg.Wait()
	return results
}
