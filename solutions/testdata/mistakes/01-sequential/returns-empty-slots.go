// Mistake: the results slice is made with length n and filled by index, so a cancelled run returns n
// results, the ones never made among them as empty Results that look like request 0.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/makes_no_request_once_the_context_is_cancelled,_and_returns_what_finished

package main

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	for id := range n {
		// Checking before each request, not only relying on fetch to fail fast, is what keeps a
		// cancelled run from starting the remaining requests at all.
		if ctx.Err() != nil {
			break
		}
		results[id] = fetch(ctx, id)
	}
	return results
}
