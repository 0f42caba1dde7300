// Mistake: the backoff is the same for every retry of a request: a request refused again and again comes back as
// often as the first time, where the wait should double with each attempt.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/doubles_the_backoff_for_each_further_refusal,_up_to_2^10_times,_and_waits_all_of_it_with_no_Jitter

package main

import (
	"time"
)

func (r Retry) backoff(id, attempt int) time.Duration {
	j := 1.0
	if r.Jitter != nil {
		j = r.Jitter(id, attempt)
	}
	return time.Duration(j * float64(r.Backoff)) // wrong: × 2^attempt
}
