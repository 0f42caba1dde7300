// Mistake: the goroutines send their results on a channel, and the loop that gathers them returns as soon
// as ctx is cancelled, without waiting for the requests it cut short: they are still in flight, and their
// results are lost.
// Replaces: 02-waitgroups/allatonce.go
// Caught by: TestAllAtOnce/ends_every_request_when_the_context_is_cancelled,_and_returns_their_results

package main

func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	done := make(chan lesson.Result, n)
	for id := range n {
		go func() { done <- fetch(ctx, id) }()
	}
	results := make([]lesson.Result, n)
	for range n {
		select {
		case r := <-done:
			results[r.ID] = r
		case <-ctx.Done():
			return results // too early: the requests cut short have not returned yet
		}
	}
	return results
}
