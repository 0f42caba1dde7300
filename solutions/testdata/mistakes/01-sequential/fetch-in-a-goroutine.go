// Mistake: each request is made in a goroutine of its own, which the loop then waits for. The requests still
// go one at a time, but every one costs a goroutine and a channel for nothing: the baseline starts none.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/makes_every_request_from_the_caller's_goroutine,_starting_none

package main

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := range n {
		if ctx.Err() != nil {
			break
		}
		done := make(chan lesson.Result)
		go func() { done <- fetch(ctx, id) }() // a goroutine per request, only to be waited for
		results = append(results, <-done)
	}
	return results
}
