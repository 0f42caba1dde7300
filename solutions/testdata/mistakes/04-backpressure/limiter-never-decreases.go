// Mistake: the limit only ever grows: Rejected pauses, but leaves the limit as it was. It climbs to the number
// of workers and stays there, far above what the server can take.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/keeps_the_limit_between_half_the_capacity_and_two_above_it,_once_warmed_up

package main

func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	if until := now.Add(retryAfter); until.After(l.paused) {
		l.paused = until
	}
}
