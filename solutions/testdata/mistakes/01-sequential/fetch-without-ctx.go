// Mistake: each request is made with context.Background() instead of ctx. The loop stops after a
// cancellation, but the request in flight is not cut short: it runs to its end, and Sequential returns late.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/returns_the_result_of_the_request_cut_short,_and_only_the_results_of_requests_made

package main

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := range n {
		if ctx.Err() != nil {
			break
		}
		results = append(results, fetch(context.Background(), id)) // a cancellation cannot reach this request
	}
	return results
}
