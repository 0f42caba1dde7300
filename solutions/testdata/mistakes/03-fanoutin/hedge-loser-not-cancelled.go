// Mistake: both attempts run under the caller's ctx, and nothing cancels the one that lost: the request
// waits for it to answer in its own time (the slow tail's, the very thing the hedge was sent to escape),
// holding a place, a connection and the server's time for nothing. Once the first answer is in, cancel the
// other attempt.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/cancels_the_first_attempt_at_once_when_its_hedge_answers_first

package main

import (
	"context"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func hedge(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration, places chan struct{}) lesson.Result {
	answers := make(chan lesson.Result, 2)
	var attempts sync.WaitGroup
	attempt := func() {
		attempts.Go(func() {
			answers <- fetch(ctx, id) // the caller's ctx: nothing here cancels it
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
			if ctx.Err() != nil {
				<-places
				continue
			}
			attempt()
		}
	}
	attempts.Wait() // waits for the loser to answer, however long it takes
	return first
}
