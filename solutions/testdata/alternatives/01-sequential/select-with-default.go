// Alternative: ctx is checked with a select whose default case makes the request; the case on ctx.Done()
// returns, which leaves the loop, where a break would leave only the select.
// Replaces: 01-sequential/sequential.go

package main

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := range n {
		select {
		case <-ctx.Done():
			return results
		default:
			results = append(results, fetch(ctx, id))
		}
	}
	return results
}
