// Mistake: the state machine belongs to one goroutine, started by NewBreaker, which serves the messages of
// every call for the breaker's whole life. Nothing ever ends it: once the calls are over it is still
// there, waiting for the next message, for as long as the program runs, one more for every breaker made.
// Nothing a Breaker starts may outlive the calls of its methods: start the owner when a call finds none
// running, and let it end once it holds no caller; or use a mutex, which needs no goroutine.
// Replaces: 04-backpressure/challenge.go
// Based on: breaker-owned-by-one-goroutine
// Caught by: TestNewBreaker/leaves_no_goroutine_of_its_own_running_once_none_of_its_methods_is_in_progress

package main

func NewBreaker(s BreakerSettings) *Breaker {
	s.Trip, s.Probes = max(1, s.Trip), max(1, s.Probes)
	b := &Breaker{
		s: s, start: time.Now(), ops: make(chan breakerOp), owner: make(chan struct{}, 1),
		state: Closed, changes: []StateChange{{At: 0, State: Closed}},
	}
	b.owner <- struct{}{}
	go b.own() // the owner, for the breaker's whole life: nothing ever ends it
	return b
}

// own is the owner: it handles messages, and the end of the cool-down, until it holds no caller.
func (b *Breaker) own() {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		b.tick(time.Now())
		var alarm <-chan time.Time
		if b.state == Open && len(b.waiting) > 0 {
			timer.Reset(time.Until(b.until)) // tick made sure it is still ahead
			alarm = timer.C
		}
		select {
		case o := <-b.ops:
			b.handle(o, time.Now())
		case <-alarm:
		}
		b.tick(time.Now())
	}
}
