// Mistake: PausedUntil says "now" when no refusal came yet, instead of the zero time: nothing is paused either way
// at that moment, but the contract (and whoever compares it with a later time) expects the zero time for "no
// pause".
// Replaces: 04-backpressure/pushback.go
// Caught by: TestLimiterPausedUntil/is_the_zero_time_until_a_refusal_comes

package main

import (
	"time"
)

func (l *Limiter) PausedUntil() time.Time {
	if l.paused.IsZero() {
		return time.Now() // wrong: no refusal yet is the zero time
	}
	return l.paused
}
