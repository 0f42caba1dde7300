// Mistake: each goroutine checks ctx first and returns without a request when it is cancelled. Its slot is
// left empty: a result that looks like request 0's, for a request that was never made.
// Replaces: 02-waitgroups/allatonce.go
// Caught by: TestAllAtOnce/makes_every_request,_each_failing_at_once,_when_the_context_is_already_cancelled

package main

func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var wg sync.WaitGroup
	for id := range n {
		wg.Go(func() {
			if ctx.Err() != nil {
				return // leaves results[id] empty
			}
			results[id] = fetch(ctx, id)
		})
	}
	wg.Wait()
	return results
}
