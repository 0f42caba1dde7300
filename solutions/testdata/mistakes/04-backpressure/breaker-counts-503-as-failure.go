// Mistake: every answer of 500 or more is a failure, 503 included. But a 503 (or a 429) is the server's
// overload signal: it is up, and answering, only busy. A breaker that counts them opens on a server
// that is merely full, and stops a pool that Backpressure would have slowed down instead.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerDone/does_not_count_a_503_or_a_429_as_a_failure:_either_starts_the_count_again

package main

import "github.com/go-concurrency-workshop/workshop/internal/lesson"

func isFailure(r lesson.Result) bool {
	return r.Err != nil || r.Status >= 500 // a 503 counted as a failure
}
