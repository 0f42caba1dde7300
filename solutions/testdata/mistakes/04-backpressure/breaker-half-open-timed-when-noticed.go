// Mistake: the change to half-open is recorded at the moment a caller notices it, not at the moment it
// happened, CoolDown after the opening. When nobody asks for a while, the record says the breaker stayed
// open all that time, and the chart of the states lies.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerChanges/records_the_change_to_half-open_CoolDown_after_the_opening,_even_when_nobody_asks_until_later

package main

import "time"

func (b *Breaker) admit() (wake <-chan struct{}, coolDown time.Duration, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if b.state == Open && !now.Before(b.until) {
		b.set(HalfOpen, now) // when noticed, not when it happened
	}
	switch {
	case b.state == Closed:
		return nil, 0, true
	case b.state == HalfOpen && b.probes < b.s.Probes:
		b.probes++
		return nil, 0, true
	case b.state == Open:
		return b.wake, b.until.Sub(now), false
	}
	return b.wake, 0, false
}
