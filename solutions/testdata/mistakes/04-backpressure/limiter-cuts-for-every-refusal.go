// Mistake: every 503 halves the limit, the others of the same overload too: one burst of four refusals cuts it
// from 14 to 1.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestLimiterRejected/cuts_once_for_the_refusals_of_one_overload

package main

func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	l.ceiling = max(1, min(l.ceiling, l.limit-1))
	l.limit /= 2
	l.limit = max(1, min(l.limit, l.ceiling))
	if until := now.Add(retryAfter); until.After(l.paused) {
		l.paused = until
	}
}
