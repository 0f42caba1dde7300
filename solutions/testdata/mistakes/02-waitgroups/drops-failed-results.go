// Mistake: a goroutine stores its result only when the request succeeded. A failed request leaves its slot
// empty, as if it had never been made, and the report loses the failures.
// Replaces: 02-waitgroups/allatonce.go
// Caught by: TestAllAtOnce/keeps_the_results_of_failed_requests

package main

func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var wg sync.WaitGroup
	for id := range n {
		wg.Go(func() {
			if r := fetch(ctx, id); r.Err == nil && r.Status == 200 { // a failure leaves an empty slot
				results[id] = r
			}
		})
	}
	wg.Wait()
	return results
}
