// Mistake: the loop stops only when ctx.Err() is context.Canceled. A context can also end when its
// deadline passes, with context.DeadlineExceeded: then every remaining id is still requested.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/makes_no_request_once_the_context's_deadline_has_passed

package main

import "errors"

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := range n {
		if errors.Is(ctx.Err(), context.Canceled) { // a deadline that has passed is not seen
			break
		}
		results = append(results, fetch(ctx, id))
	}
	return results
}
