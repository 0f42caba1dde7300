// Mistake: Rejected only cuts when the refusal came with a Retry-After: a 503 or a 429 without one leaves the
// limit as it was. The header is optional; the status is the overload signal.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestLimiterRejected/counts_a_refusal_without_Retry-After_as_an_overload,_and_pauses_nothing_for_it

package main

import (
	"time"
)

func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	if retryAfter == 0 {
		return // wrong: no Retry-After is still an overload
	}
	if now.Before(l.paused) {
		l.ceiling = max(1, l.ceiling-1)
	} else {
		l.ceiling = max(1, l.limit-1)
		l.limit /= 2
	}
	l.limit = max(1, min(l.limit, l.ceiling))
	if until := now.Add(retryAfter); until.After(l.paused) {
		l.paused = until
	}
}
