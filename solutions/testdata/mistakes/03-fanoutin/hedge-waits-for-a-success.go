// Mistake: a failed answer does not count: the request waits for its other attempt, hoping for a 200. That
// turns the hedge into a retry of failures, which is lesson 04's business (and needs its care: a failing
// server is not to be hit twice as hard). The first answer wins, whatever it is.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/takes_the_first_answer_even_when_it_is_a_failure

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
	pending := 1

	timer := time.NewTimer(after)
	defer timer.Stop()
	var (
		room  chan<- struct{}
		first lesson.Result
	)
	for pending > 0 {
		select {
		case first = <-answers:
			pending--
			if first.Status == 200 { // a failure waits for the other attempt
				pending = 0
			}
		case <-timer.C:
			room = places
		case room <- struct{}{}:
			room = nil
			if ctx.Err() != nil {
				<-places
				continue
			}
			attempt()
			pending++
		}
	}
	cancel()
	attempts.Wait()
	return first
}
