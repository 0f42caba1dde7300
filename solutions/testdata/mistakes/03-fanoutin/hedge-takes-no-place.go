// Mistake: the hedge goes out at after without taking a place in the pool: the pool then keeps more than
// workers attempts in flight, one more for every request hedged, and the server feels it exactly when it is
// slow. A hedge takes a place, as a request does, and waits for one when none is free.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/sends_a_hedge_due_while_every_place_is_taken_once_a_place_is_free

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
	attempts.Go(func() {
		answers <- fetch(ctx, id)
		<-places
	})

	timer := time.NewTimer(after)
	defer timer.Stop()
	var first lesson.Result
	select {
	case first = <-answers:
	case <-timer.C:
		if ctx.Err() == nil {
			attempts.Go(func() { answers <- fetch(ctx, id) }) // the hedge: no place taken
		}
		first = <-answers
	}
	cancel()
	attempts.Wait()
	return first
}
