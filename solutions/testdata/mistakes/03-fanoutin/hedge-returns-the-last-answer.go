// Mistake: the request waits for both its attempts and keeps the last answer it receives. After a hedge,
// that is the loser's: ctx's error, once it was cancelled. The first answer is the result; the other is
// dropped.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/returns_the_first_answer,_never_the_cancelled_attempt's_error

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
		room chan<- struct{}
		r    lesson.Result
	)
wait:
	for {
		select {
		case r = <-answers:
			break wait
		case <-timer.C:
			room = places
		case room <- struct{}{}:
			room = nil
			select {
			case r = <-answers:
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
	close(answers)
	for a := range answers {
		r = a // the loser's answer, if any, overwrites the winner's
	}
	return r
}
