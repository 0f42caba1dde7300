// Alternative: worker-driven: a free worker asks for its next attempt, handing Backpressure's goroutine a
// channel of its own; that goroutine, which still owns the Limiter, the count in flight and the queue,
// answers the oldest ask as soon as the limit, the pause and the queue allow, and closes a worker's channel
// when there is nothing more to do.
// Replaces: 04-backpressure/pushback.go

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
	asks := make(chan chan attempt) // a free worker's channel, to hand it its next attempt
	answers := make(chan answer)
	quit := make(chan struct{}) // closed when no more asks are taken
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			mine := make(chan attempt)
			for {
				select {
				case asks <- mine:
				case <-quit:
					return
				}
				a, ok := <-mine
				if !ok {
					return
				}
				answers <- answer{a, fetch(ctx, a.id)}
			}
		})
	}

	lim := NewLimiter(workers)
	changes := []Change{{0, lim.Limit()}}
	var (
		results  []lesson.Result
		queue    []retrying
		idle     []chan attempt // workers waiting for an attempt, oldest ask first
		next     int
		inFlight int
		budget   = retry.Budget
		done     = ctx.Done()
		timer    = time.NewTimer(time.Hour)
	)
	defer timer.Stop()
	for {
		// Hand out what may go now, to the workers that asked.
		now := time.Now()
		var wake time.Time
		for ctx.Err() == nil && inFlight < lim.Limit() && len(idle) > 0 {
			var a attempt
			if now.Before(lim.PausedUntil()) {
				wake = lim.PausedUntil()
				break
			} else if len(queue) > 0 && !now.Before(queue[0].due) {
				a, queue = queue[0].attempt, queue[1:]
			} else if next < n {
				a = attempt{id: next}
				next++
			} else {
				if len(queue) > 0 {
					wake = queue[0].due
				}
				break
			}
			idle[0] <- a // the worker waits for it: it asked
			idle = idle[1:]
			inFlight++
		}
		if inFlight == 0 && (ctx.Err() != nil || next == n && len(queue) == 0) {
			break
		}
		var alarm <-chan time.Time
		if !wake.IsZero() { // only with a worker waiting: otherwise its ask wakes the loop up
			timer.Reset(wake.Sub(now))
			alarm = timer.C
		}
		select {
		case w := <-asks:
			idle = append(idle, w)
		case ans := <-answers:
			r := ans.result
			if r.Status == http.StatusServiceUnavailable || r.Status == http.StatusTooManyRequests {
				now := time.Now()
				lim.Rejected(now, r.RetryAfter)
				if budget > 0 && ctx.Err() == nil {
					budget--
					due := now.Add(r.RetryAfter + retry.backoff(r.ID, ans.attempt.attempt))
					q := retrying{attempt{id: r.ID, attempt: ans.attempt.attempt + 1}, due, r}
					at, _ := slices.BinarySearchFunc(queue, due, func(q retrying, t time.Time) int { return q.due.Compare(t) })
					queue = slices.Insert(queue, at, q)
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
			done = nil
		}
	}
	close(quit)
	for _, w := range idle {
		close(w)
	}
	wg.Wait()
	for _, q := range queue {
		results = append(results, q.last)
	}
	return results, changes
}
