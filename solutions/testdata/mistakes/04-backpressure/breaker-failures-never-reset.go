// Mistake: the count of failures only ever grows while the breaker is closed: a success does not start it
// again. So it counts failures, not failures in a row: a server that fails 2% of the time opens the
// breaker after a while, though it never failed Trip times in a row.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerDone/opens_at_the_Trip-th_failure_in_a_row,_and_a_success_starts_the_count_again

package main

import "time"

func (b *Breaker) closedDone(failed bool, now time.Time) {
	if !failed {
		return // the count is left as it is
	}
	b.failures++
	if b.failures >= b.s.Trip {
		b.open(now)
	}
}
