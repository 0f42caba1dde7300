// Mistake: a new overload sets the ceiling to the limit the server refused, instead of one below it: the limit
// climbs straight back to the level that was refused, and is refused again, a whole Retry-After each time.
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
		l.ceiling = l.limit // wrong: the server refused this level
		l.limit /= 2
	}
	l.limit = max(1, min(l.limit, l.ceiling))
	if until := now.Add(retryAfter); until.After(l.paused) {
		l.paused = until
	}
}
