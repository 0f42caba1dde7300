// Mistake: wg.Wait() is called inside the loop, right after each goroutine is started: every request waits
// for the one before it to end, and the goroutines go one at a time, as in lesson 01.
// Replaces: 02-waitgroups/allatonce.go
// Caught by: TestAllAtOnce/has_every_request_in_flight_at_the_same_moment

package main

func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var wg sync.WaitGroup
	for id := range n {
		wg.Go(func() { results[id] = fetch(ctx, id) })
		wg.Wait() // inside the loop: the next goroutine starts only once this one is done
	}
	return results
}
