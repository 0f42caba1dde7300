// Mistake: Probes is taken as the number of probes in flight at once: a probe that succeeds gives its
// place back, and the next caller goes through. So half-open lets through as many requests as come
// while the probes come back one by one, not Probes in all.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerAllow/lets_Probes_requests_through_while_half-open,_and_holds_every_other_caller

package main

import "time"

func (b *Breaker) probeDone(failed bool, now time.Time) {
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
}
