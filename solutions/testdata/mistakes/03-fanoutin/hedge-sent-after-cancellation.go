// Mistake: the hedge goes out as soon as it has a place, without a look at ctx: after a cancellation,
// while the first attempt is still giving up, a new attempt starts. Once ctx is cancelled, nothing starts,
// hedges included.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/sends_no_hedge_once_ctx_is_cancelled

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
	var attempts sync.WaitGroup
	attempt := func() {
		attempts.Go(func() {
			answers <- fetch(ctx, id)
			<-places
		})
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
			attempt() // even once ctx is cancelled
		}
	}
	cancel()
	attempts.Wait()
	return first
}
