// Mistake: the backoff doubles with each attempt without end: the tenth retry of a request waits a thousand times
// the backoff, the twentieth a million, and the shift overflows after some sixty. It stops doubling at 2^10.
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
	return time.Duration(j * float64(r.Backoff<<attempt /* wrong: 2^10 at most */))
}
