// Mistake: a success reported while the breaker is open closes it: "the server answered, so it is back".
// But an outcome reported while open is of a request let through before the opening, and says nothing of
// the server now: the breaker closes a moment after it opened, and every worker goes back to a server that
// is still down. Outcomes reported while open are ignored, successes as well as failures.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerDone/ignores_a_success_reported_while_it_is_open:_it_stays_open_for_its_CoolDown

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
		b.closedDone(failed, now)
	case HalfOpen:
		b.probeDone(failed, now)
	case Open:
		if !failed {
			b.set(Closed, now) // it answered: the server is back
		}
	}
}
