// Mistake: ctx is checked again after each request, and the result of a request cut short by the
// cancellation is thrown away: a request was made, and the caller never sees its result.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/returns_the_result_of_the_request_cut_short,_and_only_the_results_of_requests_made

package main

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := range n {
		if ctx.Err() != nil {
			break
		}
		r := fetch(ctx, id)
		if ctx.Err() != nil {
			break // the request cut short is dropped: it was made, so its result is returned
		}
		results = append(results, r)
	}
	return results
}
