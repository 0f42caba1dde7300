// Mistake: each further refusal of an overload lowers the ceiling by one with no floor, and the limit follows
// it down: after as many refusals as the limit it hit, the limit is 0, and nothing is ever sent again.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestLimiterRejected/never_cuts_the_limit_below_1

package main

import (
	"time"
)

func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	if now.Before(l.paused) {
		l.ceiling-- // no floor: 0, then below
	} else {
		l.ceiling = max(1, l.limit-1)
		l.limit = max(1, l.limit/2)
	}
	l.limit = min(l.limit, l.ceiling)
	if until := now.Add(retryAfter); until.After(l.paused) {
		l.paused = until
	}
}
