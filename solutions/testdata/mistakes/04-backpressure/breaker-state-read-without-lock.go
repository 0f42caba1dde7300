// Mistake: a fast path: Allow reads the state without the lock, to let requests through quickly while the
// breaker is closed. But Done changes the state under the lock, from other goroutines: a read outside it
// is a data race (-race reports it), and a caller may go on seeing "closed" after another has opened it.
// Every read of the shared state, however small, takes the lock.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerAllow/is_safe_for_concurrent_use:_16_goroutines_asking_and_reporting_at_once,_and_Changes_read_meanwhile,_without_a_data_race

package main

import "time"

func (b *Breaker) admit() (wake <-chan struct{}, coolDown time.Duration, ok bool) {
	if b.state == Closed { // read without the lock
		return nil, 0, true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if b.state == Open && !now.Before(b.until) {
		b.set(HalfOpen, b.until) // the cool-down ended at until, whenever someone noticed
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
