// Mistake: the attempts answer on an unbuffered channel, from which the request takes only the first
// answer. The loser, once cancelled, tries to send its own and blocks for ever, so waiting for it never
// ends (and its place is never given back): Hedged never returns. Give the channel room for both answers,
// or receive the loser's too.
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
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answers := make(chan lesson.Result) // no room: the loser's send waits for a receive that never comes
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
			if ctx.Err() != nil {
				<-places
				continue
			}
			attempt()
		}
	}
	cancel()
	attempts.Wait()
	return first
}
