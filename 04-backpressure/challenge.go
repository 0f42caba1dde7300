//go:build !solution

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// State is a circuit breaker's state.
type State string

// A Breaker is in one of three states.
const (
	Closed   State = "closed"    // requests go through
	Open     State = "open"      // no request goes through
	HalfOpen State = "half-open" // a few requests go through, to find out whether the server is back
)

// BreakerSettings are the numbers of a Breaker.
type BreakerSettings struct {
	Trip     int           // failures in a row that open a closed breaker (1 or more)
	CoolDown time.Duration // how long the breaker stays open
	Probes   int           // requests let through while half-open (1 or more)
}

// StateChange is a change of a Breaker's state: from At on (since NewBreaker was called), it was in State.
type StateChange struct {
	At    time.Duration
	State State
}

// Breaker is a circuit breaker: it stops requests to a server that fails, waits, and lets a few through to
// find out whether the server is back. It is safe for concurrent use by many goroutines. Make one with
// NewBreaker.
//
// Its contract, which the tests check (Allow holds and lets through; Done counts; Changes records):
//   - Closed, the state it starts in: Allow lets every request through at once. Done counts the failures
//     in a row (from 0 whenever it closes, the first time included); the Trip-th failure in a row opens
//     the breaker, and any other outcome starts the count again. A failure is an answer of 500 or more,
//     except 503, or a transport error (Result.Err set). Anything else is a success, a 503 and a 429
//     included: the server is overloaded, not down, and answered (the overload signal is Backpressure's
//     business).
//   - Open: Allow lets nothing through for CoolDown, from the moment the failure that opened it was
//     reported; it holds its callers, it does not fail them. Outcomes reported while open, successes as
//     well as failures, are ignored: they are of requests let through before it opened.
//   - Half-open, from CoolDown after it opened on: Allow lets Probes requests through, and holds every other
//     caller. A failure of one of them opens the breaker again at once, for another CoolDown; once Probes of
//     them have succeeded, it closes, and every caller held goes through.
//   - A caller held by Allow is let through as soon as it may go: at the end of CoolDown, or the moment the
//     breaker closes (the tests allow 5ms of lateness, for a caller that looks again every millisecond).
//   - Every change of state is recorded with the moment it happened (the change to half-open: CoolDown
//     after the opening, whenever it is noticed).
//   - Nothing it starts outlives the calls of its methods: once none is in progress, no goroutine of its
//     own is left running.
type Breaker struct {
	// TODO: your fields.
}

// NewBreaker returns a closed Breaker with the settings s. Its clock starts now: the first StateChange is
// {0, Closed}.
func NewBreaker(s BreakerSettings) *Breaker {
	// TODO: write NewBreaker.
	return nil
}

// Allow waits until the breaker lets a request through, and returns nil: the caller then makes exactly one
// request, and reports its outcome with Done. If ctx is done first (or already is), Allow returns ctx's
// error at once, and the caller makes no request.
func (b *Breaker) Allow(ctx context.Context) error {
	// TODO: write Allow.
	return nil
}

// Done reports the outcome of a request that Allow let through.
func (b *Breaker) Done(r lesson.Result) {
	// TODO: write Done.
}

// Changes returns every change of state so far, in order, the first {0, Closed}. The slice is the
// caller's own: what the caller writes in it does not alter the breaker's record, nor later changes it.
func (b *Breaker) Changes() []StateChange {
	// TODO: write Changes.
	return nil
}

// Resilient makes requests 0 to n-1 with a pool of workers goroutines, as FanOutIn does, behind the breaker
// b: each attempt is let through by b first. It returns one final result per request it attempted, in the
// order they became final.
//
// Its contract, which the tests check:
//   - Before each attempt a worker asks b (Allow), and after it tells b its outcome (Done). While b is open
//     its workers hold their requests: nothing reaches the server but the probes b lets through.
//   - A failure (as Breaker defines it) is retried while the budget lasts: the worker asks b again and makes
//     the request once b lets it through (at once while b is closed; once it closes, or as a probe). Each
//     retry spends one of budget, which the whole run shares. Once the budget is spent, a failure is final.
//     Any other answer (a 503, a 429, a 404) is final at once.
//   - Every request attempted ends with exactly one final result: its last attempt's.
//   - Once ctx is cancelled: no new attempt (a worker held by b leaves at once), the requests in flight end
//     early with ctx's error, a request that failed and waited for its retry ends with that failure, and
//     Resilient returns once every goroutine it started has ended.
func Resilient(ctx context.Context, n, workers int, fetch lesson.Fetch, b *Breaker, budget int) []lesson.Result {
	// TODO: write Resilient.
	return nil
}
