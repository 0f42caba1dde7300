// Mistake: once due, the hedge waits for a place without watching for its request's answer: when the place
// that frees is the first attempt's own, because it has just answered, the hedge goes out anyway, for a
// request that already has its result, and is cancelled at once. A hedge waiting for a place stops
// waiting when the answer comes.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/never_hedges_with_a_single_worker,_and_sends_no_hedge_once_its_request_has_answered

package main

import (
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func (r *hedgedRequest) firstAnswer(due <-chan time.Time) lesson.Result {
	select {
	case first := <-r.answers:
		return first
	case <-due:
	}
	select {
	case r.places <- struct{}{}: // waits for a place, whatever happens meanwhile
	case <-r.ctx.Done():
		return <-r.answers
	}
	if r.ctx.Err() != nil {
		<-r.places
	} else {
		r.attempt() // even when that place is the one its own request's answer has just freed
	}
	return <-r.answers
}
