// Mistake: ctx is checked after each request instead of before it. A run cancelled mid-request stops in
// time, but one whose ctx is already cancelled when it starts still makes its first request.
// Replaces: 01-sequential/sequential.go
// Caught by: TestSequential/makes_no_request_when_the_context_is_already_cancelled

package main

func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	for id := range n {
		results = append(results, fetch(ctx, id))
		if ctx.Err() != nil { // too late: the request is already made
			break
		}
	}
	return results
}
