// Mistake: the attempt that lost is cancelled, but nobody waits for it: cancelling is not waiting. Its
// goroutine still runs until its fetch returns, so Hedged can return (and its worker take the next id)
// while the loser is still in flight: a goroutine without an owner.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/does_not_return_before_the_cancelled_attempt_has_ended

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func hedge(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration) lesson.Result {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answers := make(chan lesson.Result, 2)
	attempt := func() { go func() { answers <- fetch(ctx, id) }() } // no WaitGroup: nobody waits for it

	attempt()
	timer := time.NewTimer(after)
	defer timer.Stop()
	var first lesson.Result
	select {
	case first = <-answers:
	case <-timer.C:
		if ctx.Err() == nil {
			attempt()
		}
		first = <-answers
	}
	return first // the deferred cancel stops the loser, but does not wait for it
}
