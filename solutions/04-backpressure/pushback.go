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
	d := newDispatcher(n, workers, retry)
	jobs := make(chan attempt)
	answers := make(chan answer)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for a := range jobs {
				// No select needed: the dispatcher receives every answer of an attempt it sent before it
				// stops, and fetch itself returns once ctx is cancelled.
				answers <- answer{a, fetch(ctx, a.id)}
			}
		})
	}
	defer func() {
		close(jobs) // Backpressure is the only sender on jobs
		wg.Wait()
	}()
	d.dispatch(ctx, jobs, answers)
	return d.outcome()
}

// dispatcher is the state of one Backpressure run. It belongs to the one goroutine that dispatches
// (Backpressure's own): the workers only fetch, and tell it what they got over a channel, so nothing here
// is shared and nothing needs a lock.
type dispatcher struct {
	n        int // requests 0 to n-1
	retry    Retry
	budget   int       // the retries the run may still make
	start    time.Time // when Backpressure was called: the changes are timed from it
	lim      *Limiter
	changes  []Change
	results  []lesson.Result // the final results so far
	queue    []retrying      // refused requests waiting to be sent again, the one due first first
	next     int             // the next id never sent
	inFlight int             // attempts sent whose answer has not come yet
}

func newDispatcher(n, workers int, retry Retry) *dispatcher {
	lim := NewLimiter(workers)
	return &dispatcher{
		n: n, retry: retry, budget: retry.Budget, start: time.Now(), lim: lim,
		changes: []Change{{0, lim.Limit()}}, results: make([]lesson.Result, 0, n),
	}
}

// dispatch sends the attempts to the workers over jobs and takes in their answers, until every request has
// its final result or, once ctx is cancelled, until the attempts in flight have answered. It waits in one
// select for whichever comes first: a worker free for the attempt it may send, an answer, the time when
// one may be sent (the end of a pause, the next retry due), or the cancellation.
func (d *dispatcher) dispatch(ctx context.Context, jobs chan<- attempt, answers <-chan answer) {
	done := ctx.Done()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		now := time.Now()
		a, ok, wake := d.choose(ctx, now)
		if !ok && d.finished(ctx) {
			return
		}
		var send chan<- attempt // nil, so never ready, unless there is an attempt to send
		if ok {
			send = jobs
		}
		var alarm <-chan time.Time
		if !wake.IsZero() {
			timer.Reset(wake.Sub(now))
			alarm = timer.C
		}
		select {
		case send <- a:
			d.sent(a)
		case ans := <-answers:
			d.answered(ctx, ans)
		case <-alarm:
		case <-done:
			done = nil // closed for good: stop listening, or this select would spin
		}
	}
}

// choose says what may be sent at now: the attempt a (ok), or else, if only time stands in the way, when
// to look again (wake; the zero time when only an answer or ctx can change anything). Nothing once ctx is
// cancelled, nor while the limit is full, nor while a pause holds; then a retry that is due before any new
// request, the one due first first.
func (d *dispatcher) choose(ctx context.Context, now time.Time) (a attempt, ok bool, wake time.Time) {
	if ctx.Err() != nil || d.inFlight >= d.lim.Limit() {
		return attempt{}, false, time.Time{}
	}
	switch {
	case now.Before(d.lim.PausedUntil()):
		return attempt{}, false, d.lim.PausedUntil()
	case len(d.queue) > 0 && !now.Before(d.queue[0].due):
		return d.queue[0].attempt, true, time.Time{}
	case d.next < d.n:
		return attempt{id: d.next}, true, time.Time{}
	case len(d.queue) > 0:
		return attempt{}, false, d.queue[0].due
	}
	return attempt{}, false, time.Time{}
}

// finished reports whether the run is over, when nothing may be sent now: no attempt is in flight, and
// either ctx is cancelled or every request has been sent and none waits for a retry.
func (d *dispatcher) finished(ctx context.Context) bool {
	return d.inFlight == 0 && (ctx.Err() != nil || d.next == d.n && len(d.queue) == 0)
}

// sent counts in the attempt a worker took: a first attempt uses up the next id, a retry leaves the queue
// (choose only offers its head).
func (d *dispatcher) sent(a attempt) {
	d.inFlight++
	if a.attempt == 0 {
		d.next++
	} else {
		d.queue = d.queue[1:]
	}
}

// answered takes in what a worker got for an attempt. An overload signal is refused's. Any other answer is
// final; the Limiter hears of it (given the attempts in flight with this one still counted) if it came from
// the server, and a transport error did not. Then the attempt is no longer in flight, and a change of the
// limit, either way, is recorded.
func (d *dispatcher) answered(ctx context.Context, ans answer) {
	r := ans.result
	if overloadSignal(r) {
		d.refused(ctx, ans)
	} else {
		if r.Err == nil {
			d.lim.Succeeded(d.inFlight)
		}
		d.results = append(d.results, r)
	}
	d.inFlight--
	d.recordChange()
}

// overloadSignal reports whether an answer is the server saying it is overloaded: a 503 or a 429, with a
// Retry-After or without.
func overloadSignal(r lesson.Result) bool {
	return r.Status == http.StatusServiceUnavailable || r.Status == http.StatusTooManyRequests
}

// refused takes in an overload signal. The Limiter hears of every one, retried or not, and of nothing else
// about it. The refused request waits for its retry while the budget lasts, until the Retry-After and its
// backoff are over; once the budget is spent, or ctx is cancelled, the refusal is its final result.
func (d *dispatcher) refused(ctx context.Context, ans answer) {
	r := ans.result
	now := time.Now()
	d.lim.Rejected(now, r.RetryAfter)
	if d.budget > 0 && ctx.Err() == nil {
		d.budget--
		due := now.Add(r.RetryAfter + d.retry.backoff(r.ID, ans.attempt.attempt))
		d.enqueue(retrying{attempt{id: r.ID, attempt: ans.attempt.attempt + 1}, due, r})
	} else {
		d.results = append(d.results, r)
	}
}

// enqueue puts a refused request in the queue by when it is due, so that the head is always the retry due
// first.
func (d *dispatcher) enqueue(q retrying) {
	at, _ := slices.BinarySearchFunc(d.queue, q.due, func(e retrying, t time.Time) int { return e.due.Compare(t) })
	d.queue = slices.Insert(d.queue, at, q)
}

// recordChange records the limit, timed since the start, if it is not the one recorded last.
func (d *dispatcher) recordChange() {
	if d.lim.Limit() != d.changes[len(d.changes)-1].Limit {
		d.changes = append(d.changes, Change{time.Since(d.start), d.lim.Limit()})
	}
}

// outcome is what Backpressure returns once dispatch is done: the final results, and the changes. A refused
// request still waiting for its retry (ctx was cancelled) ends with its refusal.
func (d *dispatcher) outcome() ([]lesson.Result, []Change) {
	for _, q := range d.queue {
		d.results = append(d.results, q.last)
	}
	return d.results, d.changes
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
