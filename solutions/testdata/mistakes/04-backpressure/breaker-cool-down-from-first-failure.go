// Mistake: the cool-down is measured from the first failure of the run of failures that opened the
// breaker, the moment the trouble began, instead of from the moment it opened. With requests that take
// their time to fail, the breaker opens late and turns half-open early: it stays open less than CoolDown.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerDone/stays_open_for_CoolDown_from_the_failure_that_opened_it,_whatever_is_reported_while_it_is_open

package main

import (
	"sync"
	"time"
)

type Breaker struct {
	s     BreakerSettings
	start time.Time

	mu        sync.Mutex
	state     State
	failures  int
	firstFail time.Time // closed: when the run of failures began
	until     time.Time
	probes    int
	passed    int
	wake      chan struct{}
	changes   []StateChange
}

func (b *Breaker) closedDone(failed bool, now time.Time) {
	if !failed {
		b.failures = 0
		return
	}
	if b.failures == 0 {
		b.firstFail = now
	}
	b.failures++
	if b.failures >= b.s.Trip {
		b.open(now)
		b.until = b.firstFail.Add(b.s.CoolDown) // from the first failure, not from now
	}
}
