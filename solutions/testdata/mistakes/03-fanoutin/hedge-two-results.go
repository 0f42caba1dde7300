// Mistake: every attempt's result goes out on results, the loser's too, so a hedged request ends with two:
// the winner's, and the loser's (ctx's error, once it is cancelled). A request has one result, whatever the number of its
// attempts: only the first answer goes out.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/returns_exactly_one_result_per_request,_hedged_ones_included
// Removes: hedge

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func hedgeEach(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch, after time.Duration, places chan struct{}) {
	for {
		select {
		case places <- struct{}{}:
		case <-ctx.Done():
			return
		}
		id, ok := <-jobs
		if !ok || ctx.Err() != nil {
			<-places // no request to make in it
			return
		}
		r := newHedgedRequest(ctx, id, fetch, places)
		r.attempt()
		due := time.NewTimer(after)
		results <- r.firstAnswer(due.C)
		due.Stop()
		r.stop()
		close(r.answers)
		for answer := range r.answers {
			results <- answer // every attempt's result goes out: the loser's too
		}
	}
}
