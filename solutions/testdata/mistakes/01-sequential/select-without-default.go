// Mistake: ctx is "checked" with a select that has no default case, which does not check ctx but waits
// for it to be cancelled: no request is made until then, and then none is made at all.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/returns_one_result_per_request,_in_request_order

package main

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := range n {
		select {
		case <-ctx.Done(): // with no default case, this waits until ctx is cancelled
			return results
		}
		results = append(results, fetch(ctx, id))
	}
	return results
}
