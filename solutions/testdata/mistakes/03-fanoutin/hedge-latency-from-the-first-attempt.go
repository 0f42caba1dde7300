// Mistake: the result's Latency is rewritten to the request's time, from its first attempt's start to the
// first answer, where the contract wants the winning attempt's Result as fetch returned it. The request's
// time is the program's to measure (its report does), and a Latency that is no attempt's own misleads
// every reader of the results.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/hedges_a_request_with_no_answer_within_after,_at_that_moment,_and_returns_the_hedge's_answer

package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func hedge(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration, places chan struct{}) lesson.Result {
	began := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answers := make(chan lesson.Result, 2)
	var (
		attempts sync.WaitGroup
		returned atomic.Bool
	)
	attempt := func() {
		attempts.Go(func() {
			if !returned.Load() {
				r := fetch(ctx, id)
				returned.Store(true)
				answers <- r
			}
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
	first.Latency = time.Since(began) // the request's time, not the attempt's
	return first
}
