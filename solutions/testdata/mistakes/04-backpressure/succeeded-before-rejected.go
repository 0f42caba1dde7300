// Mistake: a refusal is told to Succeeded, then to Rejected. Below the ceiling, Succeeded raises the limit
// first, so Rejected halves one more than the limit the server refused, and sets the ceiling at that very
// level: the limit climbs back to where the server said no, and is refused again.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/halves_the_limit_for_a_refusal_that_comes_alone,_and_never_raises_it_for_one

package main

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Backpressure(ctx context.Context, n, workers int, fetch lesson.Fetch, retry Retry) ([]lesson.Result, []Change) {
	start := time.Now()
	jobs := make(chan attempt)
	answers := make(chan answer)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for a := range jobs {
				// No select needed: Backpressure receives every answer of an attempt it sent before it
				// stops, and fetch itself returns once ctx is cancelled.
				answers <- answer{a, fetch(ctx, a.id)}
			}
		})
	}
	defer func() {
		close(jobs) // Backpressure is the only sender on jobs
		wg.Wait()
	}()

	lim := NewLimiter(workers)
	changes := []Change{{0, lim.Limit()}}
	results := make([]lesson.Result, 0, n)
	var (
		queue    []retrying // refused requests waiting to be sent again, by when they are due
		next     int        // the next id never sent
		inFlight int
		budget   = retry.Budget
		done     = ctx.Done()
		timer    = time.NewTimer(time.Hour)
	)
	defer timer.Stop()
	for {
		// What could be sent now, and when to look again if nothing can.
		now := time.Now()
		var send chan<- attempt
		var a attempt
		var wake time.Time
		if ctx.Err() == nil && inFlight < lim.Limit() {
			switch {
			case now.Before(lim.PausedUntil()):
				wake = lim.PausedUntil()
			case len(queue) > 0 && !now.Before(queue[0].due):
				send, a = jobs, queue[0].attempt
			case next < n:
				send, a = jobs, attempt{id: next}
			case len(queue) > 0:
				wake = queue[0].due
			}
		}
		if send == nil && inFlight == 0 && (ctx.Err() != nil || next == n && len(queue) == 0) {
			break
		}
		var alarm <-chan time.Time
		if !wake.IsZero() {
			timer.Reset(wake.Sub(now))
			alarm = timer.C
		}

		select {
		case send <- a:
			inFlight++
			if a.attempt == 0 {
				next++
			} else {
				queue = queue[1:]
			}
		case ans := <-answers:
			r := ans.result
			if r.Status == http.StatusServiceUnavailable || r.Status == http.StatusTooManyRequests {
				now := time.Now()
				lim.Succeeded(inFlight) // a refusal is no success
				lim.Rejected(now, r.RetryAfter)
				if budget > 0 && ctx.Err() == nil {
					budget--
					due := now.Add(r.RetryAfter + retry.backoff(r.ID, ans.attempt.attempt))
					retry := retrying{attempt{id: r.ID, attempt: ans.attempt.attempt + 1}, due, r}
					at, _ := slices.BinarySearchFunc(queue, due, func(q retrying, t time.Time) int { return q.due.Compare(t) })
					queue = slices.Insert(queue, at, retry)
				} else {
					results = append(results, r)
				}
			} else {
				if r.Err == nil {
					lim.Succeeded(inFlight)
				}
				results = append(results, r)
			}
			inFlight--
			if lim.Limit() != changes[len(changes)-1].Limit {
				changes = append(changes, Change{time.Since(start), lim.Limit()})
			}
		case <-alarm:
		case <-done:
			done = nil // closed for good: stop listening, or this select would spin
		}
	}
	// Cancelled: the refused requests still waiting end with their refusal.
	for _, q := range queue {
		results = append(results, q.last)
	}
	return results, changes
}
