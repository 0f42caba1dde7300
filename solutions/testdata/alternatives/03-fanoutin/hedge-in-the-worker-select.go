// Alternative: the hedge in each worker's own select: the worker starts its request's first attempt, then
// waits in one select for an answer, the hedge's timer, and, once the hedge is due, a place for it (a
// channel that is nil until then never sends). It counts the attempts it has started and receives every
// one's answer on an unbuffered channel of its own before it takes the next id: no WaitGroup per request.
// Replaces: 03-fanoutin/challenge.go
// Removes: hedge, hedgedRequest, newHedgedRequest, hedgedRequest.attempt, hedgedRequest.run,
// hedgedRequest.firstAnswer, hedgedRequest.sendHedge, hedgedRequest.stop

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func hedgeEach(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch, after time.Duration, places chan struct{}) {
	answers := make(chan lesson.Result) // this worker's attempts answer here
	for {
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
		request, cancel := context.WithCancel(ctx)
		attempt := func() { // in a place taken for it, which it gives back once its answer is received
			go func() {
				answers <- fetch(request, id)
				<-places
			}()
		}
		attempt()
		pending, answered := 1, false
		hedgeDue := time.NewTimer(after)
		var room chan<- struct{} // places, from the hedge's due time until it is sent or not needed
		var result lesson.Result
		for pending > 0 {
			select {
			case r := <-answers:
				pending--
				if !answered {
					answered, result, room = true, r, nil
					hedgeDue.Stop() // a stopped timer never delivers: no hedge after the answer
					cancel()        // the other attempt, if any, gives up now
				}
			case <-hedgeDue.C: // fires once at most: one hedge at most
				room = places
			case room <- struct{}{}:
				room = nil
				if request.Err() != nil { // ctx was cancelled: no hedge
					<-places
					continue
				}
				attempt()
				pending++
			}
		}
		cancel()
		results <- result
	}
}
