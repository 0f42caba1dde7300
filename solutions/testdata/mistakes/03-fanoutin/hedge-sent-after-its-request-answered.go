// Mistake: once due, the hedge waits for a place without watching for its request's answer: when the place
// that frees is the first attempt's own, because it has just answered, the hedge goes out anyway, for a
// request that already has its result, and is cancelled at once. A hedge waiting for a place stops
// waiting when the answer comes.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/never_hedges_with_a_single_worker,_and_sends_no_hedge_once_its_request_has_answered

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
	var first lesson.Result
	select {
	case first = <-answers:
	case <-timer.C:
		select {
		case places <- struct{}{}: // waits for a place, whatever happens meanwhile
		case <-ctx.Done():
		}
		if ctx.Err() == nil {
			attempt()
		} else {
			<-places
		}
		first = <-answers
	}
	cancel()
	attempts.Wait()
	return first
}
