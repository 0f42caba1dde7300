package fanoutin

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Hedged makes requests 0 to n-1 with a pool of workers goroutines, as FanOutIn does, and hedges the slow
// ones: a request with no answer after `after` gets a second attempt, and the first answer wins. At most
// workers attempts are in flight, hedges included. It returns one result per request made.
func Hedged(ctx context.Context, n, workers int, fetch lesson.Fetch, after time.Duration) []lesson.Result {
	// A token per attempt in flight: the pool's bound is on attempts, the load the server feels, and a
	// hedge takes a place like a request.
	places := make(chan struct{}, workers)
	jobs := make(chan int)
	results := make(chan lesson.Result)

	go func() {
		defer close(jobs)
		for id := range n {
			select {
			case jobs <- id:
			case <-ctx.Done():
				return
			}
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				// A place first, then an id: an id is taken only when its request can start at once, so
				// a cancellation never leaves a request taken and not made.
				select {
				case places <- struct{}{}:
				case <-ctx.Done():
					return
				}
				id, ok := <-jobs
				if !ok || ctx.Err() != nil {
					<-places
					return
				}
				results <- hedge(ctx, id, fetch, after, places)
			}
		})
	}

	go func() {
		wg.Wait()
		close(results)
	}()

	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}

// hedge makes request id, whose first attempt has its place in places already: that attempt, and if it
// has not answered within after, a hedge, sent once it has a place too. It returns the first answer, once
// the other attempt, if any, has been cancelled and has returned. Each attempt gives its place back once
// its answer is in.
func hedge(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration, places chan struct{}) lesson.Result {
	// One ctx for both attempts: cancelling it once the first answer is in stops the other.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Room for both answers: the loser's send never waits, so its goroutine always ends.
	answers := make(chan lesson.Result, 2)
	var (
		attempts sync.WaitGroup
		returned atomic.Bool // an attempt's fetch has returned
	)
	attempt := func() {
		attempts.Go(func() {
			// In real time a goroutine may start a moment late: if the first attempt has returned in that
			// moment, the hedge is not needed any more, and is not sent.
			if !returned.Load() {
				r := fetch(ctx, id)
				returned.Store(true)
				answers <- r
			}
			<-places // after the answer is in: a hedge that gets this place finds the answer first
		})
	}
	attempt()

	timer := time.NewTimer(after)
	defer timer.Stop()
	var (
		room  chan<- struct{} // places while the hedge is due and not sent; nil otherwise (a nil channel never sends)
		first lesson.Result
	)
wait:
	for {
		select {
		case first = <-answers: // a hedge still waiting for a place is never sent
			break wait
		case <-timer.C:
			room = places
		case room <- struct{}{}:
			room = nil
			select {
			case first = <-answers: // the answer came as the place did: no hedge
				<-places
				break wait
			default:
			}
			if ctx.Err() != nil { // cancelled: no hedge, the first attempt is giving up
				<-places
				continue
			}
			attempt()
		}
	}
	cancel()        // the loser, if there is one, gives up now...
	attempts.Wait() // ...and has returned before this worker takes another id
	return first
}
