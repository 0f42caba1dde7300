// Mistake: every request gets its own goroutine, so all of them are in flight at once. Fast, but it is
// not the sequential baseline the later lessons are measured against.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/keeps_exactly_one_request_in_flight_at_a_time

package main

import "sync"

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var wg sync.WaitGroup
	for id := range n {
		wg.Go(func() { results[id] = fetch(ctx, id) })
	}
	wg.Wait()
	return results
}
