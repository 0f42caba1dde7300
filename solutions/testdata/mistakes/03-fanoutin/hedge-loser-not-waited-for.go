// Mistake: the attempt that lost is cancelled, but nobody waits for it: cancelling is not waiting. Its
// goroutine runs until its fetch returns, so Hedged can return while the loser is still in flight: a
// goroutine without an owner.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/does_not_return_before_the_cancelled_attempt_has_ended

package main

import (
	"context"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func hedge(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration, places chan struct{}) lesson.Result {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answers := make(chan lesson.Result, 2)
	attempt := func() {
		go func() { // no WaitGroup: nobody waits for it
			answers <- fetch(ctx, id)
			<-places
		}()
	}
	attempt()

	timer := time.NewTimer(after)
	defer timer.Stop()
	var (
		room  chan<- struct{}
		first lesson.Result
	)
wait:
	for {
		select {
		case first = <-answers:
			break wait
		case <-timer.C:
			room = places
		case room <- struct{}{}:
			room = nil
			select {
			case first = <-answers:
				<-places
				break wait
			default:
			}
			if ctx.Err() != nil {
				<-places
				continue
			}
			attempt()
		}
	}
	return first // the deferred cancel stops the loser, but nothing waits for it
}
