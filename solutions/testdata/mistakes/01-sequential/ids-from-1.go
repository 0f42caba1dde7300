// Mistake: an off-by-one: the loop runs from 1 to n instead of from 0 to n-1, so request 0 is never made
// and a request n that does not exist is.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/returns_one_result_per_request,_in_request_order

package main

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := 1; id <= n; id++ { // ids run from 0 to n-1
		if ctx.Err() != nil {
			break
		}
		results = append(results, fetch(ctx, id))
	}
	return results
}
