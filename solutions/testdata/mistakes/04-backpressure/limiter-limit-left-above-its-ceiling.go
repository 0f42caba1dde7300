// Mistake: further refusals lower the ceiling, but the limit is only kept from growing past it, not brought down
// to it: 8 in flight and 6 refused leaves the limit at 4, though the server took 2.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestLimiterRejected/brings_the_limit_down_to_its_ceiling_when_further_refusals_lower_the_ceiling_below_it

package main

import (
	"time"
)

func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	if now.Before(l.paused) {
		l.ceiling = max(1, l.ceiling-1)
	} else {
		l.ceiling = max(1, l.limit-1)
		l.limit = max(1, l.limit/2)
	} // wrong: a limit above its ceiling stays there
	if until := now.Add(retryAfter); until.After(l.paused) {
		l.paused = until
	}
}
