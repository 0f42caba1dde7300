// Mistake: a textbook AIMD with no memory: after each cut the limit climbs straight back past the level the
// server refused, and every climb ends in another refusal, which costs a whole Retry-After (1s) with
// nothing sent.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/finishes_within_1.3_times_the_best_time_the_capacity_allows

package main

func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	if !now.Before(l.paused) {
		l.limit = max(1, l.limit/2)
	}
	if until := now.Add(retryAfter); until.After(l.paused) {
		l.paused = until
	}
}
