// Mistake: the backoff is always the whole of it: Jitter is never called. The requests refused together (one
// burst, one Retry-After) all come back at the same instant, and run into the server together again.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/retries_a_refused_request_as_soon_as_its_wait_is_over,_and_spreads_the_ones_refused_together

package main

import (
	"time"
)

func (r Retry) backoff(id, attempt int) time.Duration {
	j := 1.0 // wrong: Jitter(id, attempt) says which part of the backoff to wait
	return time.Duration(j * float64(r.Backoff<<min(attempt, 10)))
}
