// Mistake: once the cool-down is over, Allow lets every caller through: half-open is treated as closed
// until the first outcome comes back. Every worker held during the outage hits a server that may have
// only just come back, all at once; half-open exists to send a few requests, and hold the rest until
// they have answered.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerAllow/lets_Probes_requests_through_while_half-open,_and_holds_every_other_caller

package main

import "time"

func (b *Breaker) admit() (wake <-chan struct{}, coolDown time.Duration, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if b.state == Open && !now.Before(b.until) {
		b.set(HalfOpen, b.until) // the cool-down ended at until, whenever someone noticed
	}
	if b.state == Closed || b.state == HalfOpen { // half-open: everyone goes, no count of the probes
		return nil, 0, true
	}
	return b.wake, b.until.Sub(now), false
}
