// Mistake: the first probe that succeeds closes the breaker, though Probes of them were let through to
// find out. One answer is one answer: a server coming back may answer one request and fail the next.
// The breaker closes only once every probe has succeeded.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerDone/closes_once_Probes_probes_have_succeeded,_and_not_before

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
		b.set(Closed, now) // at the first success
	case Open:
	}
}
