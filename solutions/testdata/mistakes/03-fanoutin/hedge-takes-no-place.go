// Mistake: the hedge goes out at after without taking a place in the pool: the pool then keeps more than
// workers attempts in flight, one more for every request hedged, and the server feels it exactly when it is
// slow. A hedge takes a place, as a request does, and waits for one when none is free.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/sends_a_hedge_due_while_every_place_is_taken_once_a_place_is_free

package main

import (
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func (r *hedgedRequest) firstAnswer(due <-chan time.Time) lesson.Result {
	for {
		select {
		case first := <-r.answers:
			return first
		case <-due:
			if r.ctx.Err() == nil {
				r.running.Go(func() { r.answers <- r.fetch(r.ctx, r.id) }) // the hedge: no place taken
			}
		}
	}
}
