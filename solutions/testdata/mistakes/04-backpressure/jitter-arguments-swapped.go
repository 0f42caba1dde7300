// Mistake: Jitter is called with the attempt and the id swapped: each request waits another request's share of the
// backoff, and two requests refused together may well come back together.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/retries_a_refused_request_as_soon_as_its_wait_is_over,_and_spreads_the_ones_refused_together

package main

import (
	"time"
)

func (r Retry) backoff(id, attempt int) time.Duration {
	j := 1.0
	if r.Jitter != nil {
		j = r.Jitter(attempt, id) // wrong: Jitter(id, attempt)
	}
	return time.Duration(j * float64(r.Backoff<<min(attempt, 10)))
}
