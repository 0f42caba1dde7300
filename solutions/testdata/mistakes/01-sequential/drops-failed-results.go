// Mistake: only the requests answered 200 OK are kept; a 500 or a transport error is skipped, though the
// loop carries on. The report then has fewer results than requests, and no trace of the failures.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/carries_on_after_a_failed_request,_and_returns_every_result

package main

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := range n {
		if ctx.Err() != nil {
			break
		}
		if r := fetch(ctx, id); r.Err == nil && r.Status == 200 { // a failed request is dropped
			results = append(results, r)
		}
	}
	return results
}
