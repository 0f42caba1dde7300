// Mistake: a new overload halves the limit rounding up, (limit+1)/2: at an odd limit the cut is one short of
// the contract's, 7 becomes 4 instead of 3.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestLimiterRejected/halves_the_limit

package main

import (
	"time"
)

func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	if now.Before(l.paused) {
		l.ceiling = max(1, l.ceiling-1)
	} else {
		l.ceiling = max(1, l.limit-1)
		l.limit = (l.limit + 1) / 2 // rounds half of an odd limit up
	}
	l.limit = max(1, min(l.limit, l.ceiling))
	if until := now.Add(retryAfter); until.After(l.paused) {
		l.paused = until
	}
}
