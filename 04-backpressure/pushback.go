//go:build !solution

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Limiter is an AIMD concurrency limit: how many requests may be in flight at once, and when the next may
// be sent. It starts at 1.
//
//   - Additive increase: an answer received while at least half the limit was in use raises it by one.
//   - Multiplicative decrease: an overload signal (a 503 or a 429) halves it, never below 1, and pauses
//     every dispatch for the signal's Retry-After. The refusals that come while that pause holds belong to
//     the same overload: they do not cut the limit again.
//   - A memory: the limit never grows past the number of workers, nor back to a level the server refused.
//     An overload sets that ceiling just below the limit it hit, and each further refusal of the same
//     overload one lower: one more request than the server could take.
//
// A Limiter is not safe for concurrent use: it belongs to the one goroutine that dispatches.
type Limiter struct {
	// TODO: the limit, the ceiling it may grow to, and the end of the pause.
}

// NewLimiter returns a limiter that allows 1 request in flight, and never more than most (at least 1).
func NewLimiter(most int) *Limiter {
	// TODO: start at 1, with most as the ceiling, and no pause.
	return &Limiter{}
}

// Limit is how many requests may be in flight now.
func (l *Limiter) Limit() int {
	// TODO: return the limit.
	return 0
}

// Succeeded records an answer that was no overload signal, received while inFlight requests were in flight
// (that one included). If they used at least half the limit, the limit grows by one, up to its ceiling: a
// limit the pool does not use proves nothing, so it does not grow.
func (l *Limiter) Succeeded(inFlight int) {
	// TODO: if 2*inFlight >= the limit and the limit is below the ceiling, raise it by one.
}

// Rejected records an overload signal (503 or 429) received at now, with its Retry-After (0 if it had
// none): a new overload if no pause holds at now, otherwise one more refusal of the overload that started
// the pause.
func (l *Limiter) Rejected(now time.Time, retryAfter time.Duration) {
	// TODO: a new overload (now is not before the pause's end): the ceiling becomes the limit minus one, and
	//       the limit is halved. One more refusal of the same overload: the ceiling comes down by one.
	// TODO: either way, keep the limit between 1 and the ceiling, and the ceiling at least 1.
	// TODO: pause until now + retryAfter, unless the pause already ends later.
}

// PausedUntil is when the latest Retry-After ends: nothing may be sent before it. The zero time if no
// refusal came yet.
func (l *Limiter) PausedUntil() time.Time {
	// TODO: return the end of the pause.
	return time.Time{}
}

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

// Backpressure makes requests 0 to n-1 with a pool of workers goroutines, keeping no more of them in
// flight than a Limiter allows, and returns one final result per request (in the order they became final)
// and every change of the limit, the first at 0.
//
// Its contract, which the tests check:
//   - One goroutine, Backpressure's own, owns the Limiter, the count of requests in flight and the queue of
//     refused requests waiting for their retry. It sends an attempt to the workers only while fewer than
//     the limit are in flight and no pause holds. The workers only fetch and send back what they got.
//   - An answer other than 503 or 429 (a 200, a 500, a transport error) is final; if it is an HTTP answer,
//     the Limiter hears of it (Succeeded).
//   - A 503 or a 429 is an overload signal: the Limiter hears of it (Rejected), which pauses every dispatch
//     for its Retry-After. The refused request is retried after its wait (see Retry) while the budget
//     lasts; once the budget is spent, that refusal is its final result. No request is dropped.
//   - Once ctx is cancelled nothing more is sent; Backpressure waits for the attempts in flight, returns the
//     last result of every request it attempted (a refused one waiting for its retry: its refusal), and
//     leaves no goroutine behind.
func Backpressure(ctx context.Context, n, workers int, fetch lesson.Fetch, retry Retry) ([]lesson.Result, []Change) {
	// TODO: start workers goroutines that take attempts from a jobs channel, fetch, and send each answer back
	//       on an answers channel. Close jobs and wait for them before returning.
	// TODO: make a Limiter (NewLimiter(workers)), and record its first limit as a Change at 0.
	// TODO: loop until every request has its final result (or ctx is cancelled) and nothing is in flight:
	//       - work out what could be sent now: nothing while in flight >= the limit, or a pause holds, or
	//         ctx is cancelled; else a refused request whose retry is due, else the next new id;
	//       - if nothing can be sent yet but something will be, set a timer for when (the pause's end, or
	//         the first retry due);
	//       - select: send it (in flight + 1), or receive an answer (tell the Limiter, then in flight - 1: the
	//         count Succeeded is given includes the answer itself; the answer is final or queued for retry;
	//         record a Change if the limit moved), or the timer, or ctx.Done() (once: it stays ready after).
	// TODO: on the way out, a refused request still queued ends with its refusal.
	return nil, nil
}
