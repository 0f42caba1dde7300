package backpressure

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Limiter is an AIMD concurrency limit: how many requests may be in flight at once, and when the next may
// be sent. It starts at 1.
//
//   - Additive increase: an answer received while at least half the limit was in use raises it by one.
//   - Multiplicative decrease: an overload signal (a 503 or a 429) halves it, rounding down (7 becomes 3),
//     never below 1, and pauses every dispatch for the signal's Retry-After. The refusals that come while
//     that pause holds belong to the same overload: they do not cut the limit again.
//   - A memory: the limit never grows past the number of workers, nor back to a level the server refused.
//     An overload sets that ceiling just below the limit it hit, and each further refusal of the same
//     overload one lower: one more request than the server could take.
//
// A Limiter is not safe for concurrent use: it belongs to the one goroutine that dispatches.
type Limiter struct {
	limit   int
	ceiling int       // the most the limit may grow to
	paused  time.Time // nothing may be sent before this
}

// NewLimiter returns a limiter that allows 1 request in flight, with no pause, and never more than most
// requests in flight (never fewer than 1 either, whatever most is).
func NewLimiter(most int) *Limiter {
	return &Limiter{limit: 1, ceiling: max(1, most)}
}

// Limit is how many requests may be in flight now.
func (l *Limiter) Limit() int { return l.limit }

// Succeeded records an answer that was no overload signal, received while inFlight requests were in flight
// (that one included). If they were at least half the limit (an exact half: at limit 3, 2 requests are
// half of it, 1 is not), the limit grows by one, up to its ceiling; otherwise it stays: a limit the pool
// does not use proves nothing.
func (l *Limiter) Succeeded(inFlight int) {
	if 2*inFlight >= l.limit && l.limit < l.ceiling {
		l.limit++
	}
}

// Rejected records an overload signal (503 or 429) received at now, with its Retry-After (0 if it had
// none: still an overload signal).
//   - If no pause holds at now (a pause holds before its end, not at it), it is a new overload: the
//     ceiling becomes one below the limit, and the limit is halved, rounding down.
//   - Otherwise it is one more refusal of the overload that started the pause: the ceiling comes down by
//     one.
//   - Either way the limit ends between 1 and the ceiling, which is never below 1; and nothing may be sent
//     before now + retryAfter, nor before the end of a pause that already ends later.
func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	if now.Before(l.paused) {
		l.ceiling = max(1, l.ceiling-1)
	} else {
		l.ceiling = max(1, l.limit-1)
		l.limit /= 2
	}
	l.limit = max(1, min(l.limit, l.ceiling))
	if until := now.Add(retryAfter); until.After(l.paused) {
		l.paused = until
	}
}

// PausedUntil is when the latest Retry-After ends: nothing may be sent before it. The zero time if no
// refusal came yet.
func (l *Limiter) PausedUntil() time.Time { return l.paused }

// Retry says how Backpressure retries the requests the server refuses. A refused attempt k (0 for the
// first) is retried after the refusal's Retry-After plus Jitter(id, k) × Backoff × 2^k (2^10 at most).
type Retry struct {
	Budget  int                           // how many retries the whole run may make, all requests together
	Backoff time.Duration                 // the most the first retry waits beyond the Retry-After
	Jitter  func(id, attempt int) float64 // in [0, 1): which part of the backoff; nil waits all of it
}

// Change is a change of the limit: from At on (since Backpressure was called), at most Limit requests in
// flight.
type Change struct {
	At    time.Duration
	Limit int
}

// Backpressure makes requests 0 to n-1 with workers goroutines, keeping no more of them in flight than a
// Limiter allows (NewLimiter(workers)), retrying the requests the server refuses, and returns one final
// result per request, in any order, and every change of the limit.
//
// Its contract, which the tests check:
//   - Never more requests in flight than the limit, retries included; nothing is sent while a pause holds
//     (PausedUntil), retries included.
//   - An answer that is neither a 503 nor a 429 (a 200, a 500, a transport error) is final: never retried.
//     The Limiter hears of it (Succeeded, given the requests in flight when it came, that one included) if it
//     is an HTTP answer; a transport error is no answer from the server, and the Limiter hears nothing of it.
//   - A 503 or a 429, with or without a Retry-After, is an overload signal: the Limiter hears of it (Rejected,
//     with its Retry-After, 0 if none), and of nothing else about it. The refused request is retried while
//     the retry budget lasts (Retry.Budget, for the whole run, all requests together), once its wait (see
//     Retry) is over and no pause holds; once the budget is spent, the refusal is its final result.
//   - Of the refused requests waiting for their retry, the one due first goes first, and a retry that is due
//     goes before any new request; each goes as soon as it is due and the limit has room.
//   - The changes: the first at 0, the limit a Limiter starts with; then every change of the limit, the
//     rises and the cuts, each with when it happened (since Backpressure was called).
//   - Everything shared between goroutines, the Limiter first, is shared without a data race.
//   - Once ctx is cancelled no request starts; Backpressure waits for the attempts in flight and returns the
//     last result of every request it attempted (one refused and waiting for its retry: its refusal), none
//     for a request it never attempted, and leaves no goroutine behind.
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

// attempt is one attempt at a request: the id, and the how-manieth attempt it is (0 for the first).
type attempt struct{ id, attempt int }

// answer is what a worker got for an attempt.
type answer struct {
	attempt
	result lesson.Result
}

// retrying is a refused request waiting for its retry: the attempt to make, when, and the result of the
// last one, which is its final result if the retry is never made.
type retrying struct {
	attempt
	due  time.Time
	last lesson.Result
}

// backoff is how long a retry of the given refused attempt waits beyond the Retry-After.
func (r Retry) backoff(id, attempt int) time.Duration {
	j := 1.0
	if r.Jitter != nil {
		j = r.Jitter(id, attempt)
	}
	return time.Duration(j * float64(r.Backoff<<min(attempt, 10)))
}
