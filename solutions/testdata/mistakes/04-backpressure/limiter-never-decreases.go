// Mistake: the limit only ever grows: Rejected pauses, but leaves the limit as it was. It climbs to the number
// of workers and stays there, far above what the server can take.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestLimiterRejected/halves_the_limit

package main

import (
	"time"
)

func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	if until := now.Add(retryAfter); until.After(l.paused) {
		l.paused = until
	}
}
