// Mistake: the first probe that succeeds closes the breaker, though Probes of them were let through to
// find out. One answer is one answer: a server coming back may answer one request and fail the next.
// The breaker closes only once every probe has succeeded.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerDone/closes_once_Probes_probes_have_succeeded,_and_not_before

package main

import "time"

func (b *Breaker) probeDone(failed bool, now time.Time) {
	if failed {
		b.open(now)
		return
	}
	b.set(Closed, now) // at the first success
}
