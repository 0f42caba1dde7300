// Mistake: the hedge is due at once, with the first attempt, instead of after `after` without an answer:
// whenever a place is free, every request costs two attempts. Twice the load, where a hedge after the p95
// adds about 5%.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/returns_one_result_per_request,_and_hedges_none_that_answer_within_after

package main

import (
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func (r *hedgedRequest) firstAnswer(due <-chan time.Time) lesson.Result {
	var room chan<- struct{} = r.places // due at once: due is never waited for
	for {
		select {
		case first := <-r.answers: // a hedge still waiting for a place is never sent
			return first
		case room <- struct{}{}:
			room = nil
			r.sendHedge()
		}
	}
}
