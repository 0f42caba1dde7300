// Mistake: the loser's place is given back as soon as it is cancelled, before it has returned. A cancelled
// attempt takes a moment to give up (closing its connection; the server notices later still), and in that
// moment the next request already takes its place: one attempt more in flight than the pool allows.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/gives_a_cancelled_attempt's_place_back_only_once_it_has_returned

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
	attempt := func() { attempts.Go(func() { answers <- fetch(ctx, id) }) } // the place is given back below
	attempt()
	inFlight := 1

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
			if ctx.Err() != nil {
				<-places
				continue
			}
			attempt()
			inFlight++
		}
	}
	cancel()
	for range inFlight {
		<-places // the loser's too, though it may still be giving up
	}
	attempts.Wait()
	return first
}
