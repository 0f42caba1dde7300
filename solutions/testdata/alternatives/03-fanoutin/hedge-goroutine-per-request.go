// Alternative: a goroutine per request, at most workers of them at once (a semaphore: a channel with room
// for workers tokens), the results gathered in a slice under a mutex, and the hedge sent by
// time.AfterFunc. Stopping the timer says whether its function will still run: if it will not, the hedge
// is never sent, and its place in the WaitGroup is given back at once.
// Replaces: 03-fanoutin/challenge.go
// Removes: hedge

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
	tokens := make(chan struct{}, workers)
	for id := range n {
		select {
		case tokens <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil { // no request starts once ctx is cancelled
			break
		}
		requests.Go(func() {
			defer func() { <-tokens }()
			r := hedgeByTimer(ctx, id, fetch, after)
			mu.Lock()
			collected = append(collected, r)
			mu.Unlock()
		})
	}
	requests.Wait()
	return collected
}

// hedgeByTimer makes request id, with a hedge sent by a timer's function if no answer came within after,
// and returns the first answer once every attempt has returned.
func hedgeByTimer(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration) lesson.Result {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answers := make(chan lesson.Result, 2)
	var attempts sync.WaitGroup
	attempts.Add(2) // the first attempt, and the hedge: sent by the timer, or given up below
	go func() {
		defer attempts.Done()
		answers <- fetch(ctx, id)
	}()
	timer := time.AfterFunc(after, func() {
		defer attempts.Done()
		if ctx.Err() == nil { // no hedge once ctx is cancelled
			answers <- fetch(ctx, id)
		}
	})
	first := <-answers
	cancel()
	if timer.Stop() { // the timer's function will never run: no hedge
		attempts.Done()
	}
	attempts.Wait()
	return first
}
