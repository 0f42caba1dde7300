// Mistake: Probes is taken as the number of probes in flight at once: a probe that succeeds gives its
// place back, and the next caller goes through. So half-open lets through as many requests as come
// while the probes come back one by one, not Probes in all.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerAllow/lets_Probes_requests_through_while_half-open,_and_holds_every_other_caller

package main

import (
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func (b *Breaker) Done(r lesson.Result) {
	failed := isFailure(r)
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	switch b.state {
	case Closed:
		if !failed {
			b.failures = 0
			return
		}
		b.failures++
		if b.failures >= b.s.Trip {
			b.open(now)
		}
	case HalfOpen:
		if failed {
			b.open(now)
			return
		}
		b.passed++
		if b.passed >= b.s.Probes {
			b.set(Closed, now)
			return
		}
		b.probes-- // its place goes to the next caller
		close(b.wake)
		b.wake = make(chan struct{})
	case Open:
	}
}
