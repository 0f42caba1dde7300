// Alternative: a goroutine per request, started once it has a place (a semaphore: a channel with room for
// workers tokens), the results gathered in a slice under a mutex, and the hedge sent by time.AfterFunc,
// whose function waits for a place of its own. Stopping the timer says whether that function will still
// run: if it will not, its place in the WaitGroup is given back at once. The first attempt to answer
// cancels the other, and a hedge still waiting for a place, before it gives its own place back.
// Replaces: 03-fanoutin/challenge.go
// Removes: sendIDs, hedgeEach, closeAfter, hedge, hedgedRequest, newHedgedRequest, hedgedRequest.attempt,
// hedgedRequest.run, hedgedRequest.firstAnswer, hedgedRequest.sendHedge, hedgedRequest.stop

package main

import (
	"context"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Hedged(ctx context.Context, n, workers int, fetch lesson.Fetch, after time.Duration) []lesson.Result {
	var (
		mu        sync.Mutex
		collected = make([]lesson.Result, 0, n)
		requests  sync.WaitGroup
	)
	places := make(chan struct{}, workers)
	for id := range n {
		select {
		case places <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil { // no request starts once ctx is cancelled
			break
		}
		requests.Go(func() {
			r := hedgeByTimer(ctx, id, fetch, after, places)
			mu.Lock()
			collected = append(collected, r)
			mu.Unlock()
		})
	}
	requests.Wait()
	return collected
}

// hedgeByTimer makes request id, whose first attempt has a place already, with a hedge sent by a timer's
// function if no answer came within after, and returns the first answer once every attempt has returned.
func hedgeByTimer(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration, places chan struct{}) lesson.Result {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answers := make(chan lesson.Result, 2)
	run := func() { // an attempt, in a place taken for it
		answers <- fetch(ctx, id)
		cancel() // the first to answer stops the other, and a hedge waiting for a place
		<-places
	}
	var attempts sync.WaitGroup
	attempts.Add(2) // the first attempt, and the hedge: sent by the timer, or given up below
	go func() {
		defer attempts.Done()
		run()
	}()
	timer := time.AfterFunc(after, func() {
		defer attempts.Done()
		select {
		case places <- struct{}{}:
		case <-ctx.Done():
			return
		}
		if ctx.Err() != nil { // answered, or cancelled, while it waited: no hedge
			<-places
			return
		}
		run()
	})
	first := <-answers
	if timer.Stop() { // the timer's function will never run: no hedge
		attempts.Done()
	}
	attempts.Wait()
	return first
}
