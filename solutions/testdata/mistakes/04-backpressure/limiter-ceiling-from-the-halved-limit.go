// Mistake: a new overload halves the limit first and sets the ceiling from the halved limit: the ceiling lands far
// below what the server took (at 12, the ceiling becomes 5 instead of 11), and the pool never gets back to its
// capacity.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestLimiterRejected/never_lets_the_limit_grow_back_to_a_level_the_server_refused

package main

import (
	"time"
)

func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	if now.Before(l.paused) {
		l.ceiling = max(1, l.ceiling-1)
	} else {
		l.limit /= 2
		l.ceiling = max(1, l.limit-1) // wrong: the level refused is the limit before the cut
	}
	l.limit = max(1, min(l.limit, l.ceiling))
	if until := now.Add(retryAfter); until.After(l.paused) {
		l.paused = until
	}
}
