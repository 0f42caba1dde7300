// Mistake: a ticker instead of a timer: while no answer has come, a hedge is due again every after, not
// once. On a slow server every request then costs several attempts, and the hedges add the very load that
// makes answers slow. One hedge per request at most.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/never_sends_more_than_one_hedge_per_request

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
	answers := make(chan lesson.Result, 8)
	var attempts sync.WaitGroup
	attempt := func() {
		attempts.Go(func() {
			answers <- fetch(ctx, id)
			<-places
		})
	}
	attempt()

	ticker := time.NewTicker(after) // fires every after, until the answer
	defer ticker.Stop()
	var (
		room  chan<- struct{}
		first lesson.Result
	)
wait:
	for {
		select {
		case first = <-answers:
			break wait
		case <-ticker.C:
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
