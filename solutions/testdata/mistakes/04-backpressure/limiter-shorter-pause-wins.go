// Mistake: each refusal sets the end of the pause to its own Retry-After, even when the pause already ends later:
// a short Retry-After cuts short a longer one the server asked for.
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
	l.paused = now.Add(retryAfter) // wrong: the pause already held may end later
}
