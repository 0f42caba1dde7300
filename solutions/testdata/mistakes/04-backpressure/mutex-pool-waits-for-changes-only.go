// Mistake: the mutex design, whose waiting workers wake up only when an answer changes something, as sync.Cond
// would have them: nothing wakes them at the end of a pause or when a retry falls due, so with nothing in flight
// they wait forever.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/retries_a_refused_request_as_soon_as_its_wait_is_over,_and_spreads_the_ones_refused_together

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
	p := &pool{start: time.Now(), n: n, lim: NewLimiter(workers), budget: retry.Budget, retry: retry,
		changed: make(chan struct{})}
	p.changes = []Change{{0, p.lim.Limit()}}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				id, k, ok := p.take(ctx)
				if !ok {
					return
				}
				p.answer(ctx, k, fetch(ctx, id))
			}
		})
	}
	wg.Wait()
	// Cancelled: the refused requests still waiting end with their refusal.
	for _, q := range p.queue {
		p.results = append(p.results, q.last)
	}
	return p.results, p.changes
}

// pool is what the workers share; mu guards all of it.
type pool struct {
	start time.Time
	n     int
	retry Retry

	mu       sync.Mutex
	lim      *Limiter
	inFlight int
	next     int // the next id never sent
	budget   int
	queue    []retrying // by due time
	results  []lesson.Result
	changes  []Change
	changed  chan struct{} // closed, and replaced, at every change
}

// take waits until the calling worker may send an attempt, counts it in and returns it; ok is false when
// there is nothing left to do, or ctx is done.
func (p *pool) take(ctx context.Context) (id, attempt int, ok bool) {
	for {
		p.mu.Lock()
		now := time.Now()
		if ctx.Err() != nil || p.next == p.n && len(p.queue) == 0 && p.inFlight == 0 {
			p.mu.Unlock()
			return 0, 0, false
		}
		var wake time.Time
		if p.inFlight < p.lim.Limit() {
			switch {
			case now.Before(p.lim.PausedUntil()):
				wake = p.lim.PausedUntil()
			case len(p.queue) > 0 && !now.Before(p.queue[0].due):
				q := p.queue[0]
				p.queue = p.queue[1:]
				p.inFlight++
				p.mu.Unlock()
				return q.id, q.attempt.attempt, true
			case p.next < p.n:
				id = p.next
				p.next++
				p.inFlight++
				p.mu.Unlock()
				return id, 0, true
			case len(p.queue) > 0:
				wake = p.queue[0].due
			}
		}
		changed := p.changed
		p.mu.Unlock()

		_ = wake // wrong: no timer for the end of the pause or the next retry due
		select {
		case <-changed:
		case <-ctx.Done():
		}
	}
}

// answer records what attempt k of a request got, as the reference's loop does.
func (p *pool) answer(ctx context.Context, k int, r lesson.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r.Status == http.StatusServiceUnavailable || r.Status == http.StatusTooManyRequests {
		now := time.Now()
		p.lim.Rejected(now, r.RetryAfter)
		if p.budget > 0 && ctx.Err() == nil {
			p.budget--
			due := now.Add(r.RetryAfter + p.retry.backoff(r.ID, k))
			q := retrying{attempt{id: r.ID, attempt: k + 1}, due, r}
			at, _ := slices.BinarySearchFunc(p.queue, due, func(q retrying, t time.Time) int { return q.due.Compare(t) })
			p.queue = slices.Insert(p.queue, at, q)
		} else {
			p.results = append(p.results, r)
		}
	} else {
		if r.Err == nil {
			p.lim.Succeeded(p.inFlight)
		}
		p.results = append(p.results, r)
	}
	p.inFlight--
	if p.lim.Limit() != p.changes[len(p.changes)-1].Limit {
		p.changes = append(p.changes, Change{time.Since(p.start), p.lim.Limit()})
	}
	close(p.changed)
	p.changed = make(chan struct{})
}
