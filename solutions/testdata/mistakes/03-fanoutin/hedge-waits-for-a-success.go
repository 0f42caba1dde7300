// Mistake: a failed answer does not count: the request waits for its other attempt, hoping for a 200. That
// turns the hedge into a retry of failures, which is lesson 04's business (and needs its care: a failing
// server is not to be hit twice as hard). The first answer wins, whatever it is.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/takes_the_first_answer_even_when_it_is_a_failure

package main

import (
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func (r *hedgedRequest) firstAnswer(due <-chan time.Time) lesson.Result {
	var (
		room    chan<- struct{} // places while the hedge is due and not sent; nil otherwise (a nil channel never sends)
		first   lesson.Result
		pending = 1 // attempts sent and not answered yet
	)
	for pending > 0 {
		select {
		case first = <-r.answers:
			pending--
			if first.Status == 200 { // a failure waits for the other attempt
				return first
			}
		case <-due:
			room = r.places
		case room <- struct{}{}:
			room = nil
			if r.ctx.Err() != nil {
				<-r.places
				continue
			}
			r.attempt()
			pending++
		}
	}
	return first
}
