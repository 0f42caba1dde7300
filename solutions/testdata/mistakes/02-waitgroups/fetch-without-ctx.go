// Mistake: each request is made with context.Background() instead of ctx, so a cancellation reaches none of
// them: after a Ctrl-C every request runs to its end.
// Replaces: 02-waitgroups/allatonce.go
// Caught by: TestAllAtOnce/ends_every_request_when_the_context_is_cancelled,_and_returns_their_results

package main

func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var wg sync.WaitGroup
	for id := range n {
		wg.Go(func() { results[id] = fetch(context.Background(), id) }) // not cut short by a cancellation
	}
	wg.Wait()
	return results
}
