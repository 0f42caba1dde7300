// Mistake: the goroutines are started and counted, but nobody waits for them: AllAtOnce returns at once,
// with every request still in flight and the results slice still empty.
// Replaces: 02-waitgroups/allatonce.go
// Caught by: TestAllAtOnce/returns_only_after_every_request_has_finished

package main

func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var wg sync.WaitGroup
	for id := range n {
		wg.Go(func() { results[id] = fetch(ctx, id) })
	}
	return results
}
