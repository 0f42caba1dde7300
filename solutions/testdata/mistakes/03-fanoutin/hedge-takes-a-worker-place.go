// Mistake: every attempt, hedges included, must first take one of workers places. When every worker is
// busy (all the time, in a pool with work to do) a hedge waits for a place, and goes out only once a
// request has ended: too late to beat the tail it was sent for. The contract lets a hedge go out beside the
// workers' requests.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/sends_a_hedge_at_after_even_when_every_worker_is_busy

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Hedged(ctx context.Context, n, workers int, fetch lesson.Fetch, after time.Duration) []lesson.Result {
	places := make(chan struct{}, workers) // one place per attempt in flight, hedges included
	placed := func(ctx context.Context, id int) lesson.Result {
		select {
		case places <- struct{}{}:
		case <-ctx.Done():
			return lesson.Result{ID: id, Err: ctx.Err()}
		}
		defer func() { <-places }()
		return fetch(ctx, id)
	}
	return FanOutIn(ctx, n, workers, func(ctx context.Context, id int) lesson.Result {
		return hedge(ctx, id, placed, after)
	})
}
