// Mistake: with no Jitter the backoff is skipped altogether: a nil Jitter waits all of the backoff, and only the
// jitter, when there is one, says which part of it.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/doubles_the_backoff_for_each_further_refusal,_up_to_2^10_times,_and_waits_all_of_it_with_no_Jitter

package main

import (
	"time"
)

func (r Retry) backoff(id, attempt int) time.Duration {
	j := 0.0 // wrong: no jitter waits all of it
	if r.Jitter != nil {
		j = r.Jitter(id, attempt)
	}
	return time.Duration(j * float64(r.Backoff<<min(attempt, 10)))
}
