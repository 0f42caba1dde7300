// Mistake: the further refusals of one overload leave the ceiling where the first one put it: 14 in flight and 4
// refused means the server took 10, but the limit climbs back to 13.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestLimiterRejected/lowers_its_ceiling_by_one_for_each_further_refusal_of_the_overload

package main

import (
	"time"
)

func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	if now.Before(l.paused) {
		// wrong: each further refusal says the server took one less
	} else {
		l.ceiling = max(1, l.limit-1)
		l.limit /= 2
	}
	l.limit = max(1, min(l.limit, l.ceiling))
	if until := now.Add(retryAfter); until.After(l.paused) {
		l.paused = until
	}
}
