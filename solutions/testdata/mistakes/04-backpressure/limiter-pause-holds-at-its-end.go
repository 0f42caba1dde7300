// Mistake: Rejected counts a refusal that comes at the very end of the pause as part of the same overload
// (!now.After(end)), though at that instant sending is allowed again: a new overload is missed, and the limit is
// not halved for it.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestLimiterRejected/counts_a_refusal_at_the_very_end_of_a_pause_as_a_new_overload

package main

import (
	"time"
)

func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	if !now.After(l.paused) { // wrong: at the end of the pause, no pause holds
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
