// Mistake: the hedge is due at once, with the first attempt, instead of after `after` without an answer:
// whenever a place is free, every request costs two attempts. Twice the load, where a hedge after the p95
// adds about 5%.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/returns_one_result_per_request,_and_hedges_none_that_answer_within_after

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

	var (
		room  chan<- struct{} = places // due at once: after is never waited for
		first lesson.Result
	)
wait:
	for {
		select {
		case first = <-answers:
			break wait
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
