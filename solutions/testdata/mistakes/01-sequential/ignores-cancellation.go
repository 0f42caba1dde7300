// Mistake: the loop never looks at ctx, so after a Ctrl-C it still calls fetch for every remaining id.
// Each of those calls fails at once, but they are requests made after the caller said stop.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/makes_no_request_once_the_context_is_cancelled,_and_returns_what_finished

package main

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := range n {
		results = append(results, fetch(ctx, id))
	}
	return results
}
