// Mistake: at after, the first attempt is cancelled and the hedge sent in its place: a time-out and a
// retry, not a hedge. When the first attempt was about to answer and the new one lands on the slow tail,
// the request waits the whole tail. A hedge races beside the first attempt; whichever answers first wins.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/cancels_the_hedge_at_once_when_the_first_attempt_answers_first
// Removes: hedgedRequest, newHedgedRequest, hedgedRequest.attempt, hedgedRequest.run,
// hedgedRequest.firstAnswer, hedgedRequest.sendHedge, hedgedRequest.stop

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func hedge(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration, places chan struct{}) lesson.Result {
	defer func() { <-places }() // the request's place, once it is done
	first, cancel := context.WithTimeout(ctx, after)
	r := fetch(first, id)
	cancel()
	if first.Err() != nil && ctx.Err() == nil { // the first attempt ran out of time: try again
		return fetch(ctx, id)
	}
	return r
}
