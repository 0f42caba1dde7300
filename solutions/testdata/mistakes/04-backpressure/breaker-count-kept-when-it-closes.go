// Mistake: a change of state clears the probes, but not the count of failures in a row: it is still Trip
// when the breaker closes again, and the first failure after the recovery opens it once more, though Trip
// failures in a row are needed. A closed breaker starts counting from 0.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerDone/starts_the_count_again_when_it_closes:_Trip_failures_in_a_row_after_that,_not_fewer,_open_it_again

package main

import "time"

func (b *Breaker) set(state State, at time.Time) {
	b.state = state
	b.probes, b.passed = 0, 0 // the failures in a row are left as they were
	b.changes = append(b.changes, StateChange{at.Sub(b.start), state})
	close(b.wake)
	b.wake = make(chan struct{})
}
