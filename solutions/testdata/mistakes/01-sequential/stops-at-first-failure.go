// Mistake: the loop stops at the first failed request (a 500, or a transport error), as if a failure ended
// the run: the remaining requests are never made, and a run of 7,500 returns a few hundred results.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/carries_on_after_a_failed_request,_and_returns_every_result

package main

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := range n {
		// Checking before each request, not only relying on fetch to fail fast, is what keeps a
		// cancelled run from starting the remaining requests at all.
		if ctx.Err() != nil {
			break
		}
		r := fetch(ctx, id)
		results = append(results, r)
		if r.Err != nil || r.Status != 200 {
			break // a failed request is an answer, not a reason to stop the others
		}
	}
	return results
}
