// Mistake: Rejected adds the Retry-After to the end of the pause, not to the moment of the refusal: the first
// pause is measured from the zero time, and each refusal of one overload makes the pause longer.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestLimiterPausedUntil/holds_every_dispatch_for_the_Retry-After,_and_keeps_the_latest_end

package main

import (
	"time"
)

func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	if now.Before(l.paused) {
		l.ceiling = max(1, l.ceiling-1)
	} else {
		l.ceiling = max(1, l.limit-1)
		l.limit /= 2
	}
	l.limit = max(1, min(l.limit, l.ceiling))
	l.paused = l.paused.Add(retryAfter) // wrong: the pause runs from now, the moment of the refusal
}
