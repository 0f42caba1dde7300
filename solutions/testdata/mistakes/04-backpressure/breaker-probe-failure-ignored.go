// Mistake: a probe that fails is counted like a failure while closed, one more toward Trip, instead of
// opening the breaker again at once. So after a cool-down the breaker lets its probes fail, then more
// requests, until Trip of them have failed in a row: the server, still down, gets a burst at every
// cool-down.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerDone/opens_again_for_another_CoolDown_when_a_probe_fails

package main

import "time"

func (b *Breaker) probeDone(failed bool, now time.Time) {
	b.closedDone(failed, now) // a failed probe is one more failure, not a reason to open again
	if failed {
		return
	}
	b.passed++
	if b.passed >= b.s.Probes {
		b.set(Closed, now)
	}
}
