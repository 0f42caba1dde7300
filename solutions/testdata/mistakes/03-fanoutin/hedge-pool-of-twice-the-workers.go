// Mistake: the pool is made twice as large "to leave room for the hedges". But a hedge is a second attempt
// at a request that is already going, not another request: this pool keeps 2×workers requests going, and
// up to 4×workers attempts in flight.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/keeps_exactly_W_requests_going_while_there_is_work_for_all_W,_however_many_are_hedged

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Hedged(ctx context.Context, n, workers int, fetch lesson.Fetch, after time.Duration) []lesson.Result {
	return FanOutIn(ctx, n, 2*workers, func(ctx context.Context, id int) lesson.Result { // 2×workers
		return hedge(ctx, id, fetch, after)
	})
}
