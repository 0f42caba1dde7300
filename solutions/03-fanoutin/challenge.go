package fanoutin

import (
	"context"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Hedged makes requests 0 to n-1 with a pool of workers goroutines, as FanOutIn does, and hedges the slow
// ones: a request with no answer after `after` gets a second attempt, and the first answer wins. It returns
// one result per request.
//
// Hedging is a property of one request, not of the pool: so Hedged is FanOutIn, unchanged, given a fetch
// that hedges. Each worker is busy with its request until both attempts have returned, so the pool still
// keeps workers requests going, and a hedge takes no worker's place.
func Hedged(ctx context.Context, n, workers int, fetch lesson.Fetch, after time.Duration) []lesson.Result {
	return FanOutIn(ctx, n, workers, func(ctx context.Context, id int) lesson.Result {
		return hedge(ctx, id, fetch, after)
	})
}

// hedge makes request id: one attempt, and a second one, the hedge, if the first has not answered within
// after. It returns the first answer, once the other attempt has been cancelled and has returned.
func hedge(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration) lesson.Result {
	// One ctx for both attempts: cancelling it once the first answer is in stops the other.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Room for both answers: the loser's send never waits, so its goroutine always ends.
	answers := make(chan lesson.Result, 2)
	var attempts sync.WaitGroup
	attempt := func() { attempts.Go(func() { answers <- fetch(ctx, id) }) }

	attempt()
	timer := time.NewTimer(after)
	defer timer.Stop()
	var first lesson.Result
	select {
	case first = <-answers:
	case <-timer.C:
		if ctx.Err() == nil { // once ctx is cancelled, no hedge: the first attempt is giving up
			attempt()
		}
		first = <-answers
	}
	cancel()        // the loser, if there is one, gives up now...
	attempts.Wait() // ...and has returned before this request gives its worker back
	return first
}
