// Mistake: a failure reported while the breaker is open starts the cool-down again. Those failures are of
// requests let through before it opened, still coming back: they say nothing new about the server. The
// breaker stays open longer than CoolDown, as long as the last of them, and a slow server keeps it shut.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerDone/stays_open_for_CoolDown_from_the_failure_that_opened_it,_whatever_is_reported_while_it_is_open

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
		if failed {
			b.until = now.Add(b.s.CoolDown) // a stale failure pushes the end of the cool-down back
		}
	}
}
