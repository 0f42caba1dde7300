// Mistake: ctx is checked in a select, but its break leaves only the select, not the loop: after a
// cancellation every remaining id is still requested.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/makes_no_request_once_the_context_is_cancelled,_and_returns_what_finished

package main

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := range n {
		select {
		case <-ctx.Done():
			break // leaves the select only: the loop goes on
		default:
		}
		results = append(results, fetch(ctx, id))
	}
	return results
}
