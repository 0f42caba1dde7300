// Mistake: the hedge's timer fires and the hedge goes out without a look at ctx: after a cancellation,
// while the first attempt is still giving up, a new attempt starts. Once ctx is cancelled, nothing starts,
// hedges included.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/stops_promptly_when_cancelled,_and_sends_no_hedge_after_it

package main

import (
	"context"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func hedge(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration) lesson.Result {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answers := make(chan lesson.Result, 2)
	var attempts sync.WaitGroup
	attempt := func() { attempts.Go(func() { answers <- fetch(ctx, id) }) }

	attempt()
	timer := time.NewTimer(after)
	defer timer.Stop()
	var first lesson.Result
	select {
	case first = <-answers:
	case <-timer.C:
		attempt() // even once ctx is cancelled
		first = <-answers
	}
	cancel()
	attempts.Wait()
	return first
}
