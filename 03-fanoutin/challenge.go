//go:build !solution

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Hedged makes requests 0 to n-1 with a pool of workers, as FanOutIn does, and hedges the slow ones: a
// request that has not answered within after gets a second attempt, and whichever of its attempts answers
// first gives the request its result. It returns one result per request made, in any order.
//
// Its contract, which the tests check:
//   - At most workers attempts are in flight at once, hedges included, and exactly workers while there is
//     work for them all (but for the moments a request's cancelled attempt takes to give up, which its
//     worker may wait out): a hedge takes a place in the pool, as a request does. An attempt is in flight
//     from its call of fetch until that call returns.
//   - A request that has no answer within after (more than 0) of its first attempt's start is due one more
//     attempt, its hedge: sent at that moment if a place is free; else it waits for one in its turn, before
//     any request that comes to wait for a place after it, and is not sent if its request answers first
//     (nor in the place its own request's answer frees: that answer came first). A request answered within
//     after gets no hedge, and no request gets more than one. (So with a single worker, nothing is ever
//     hedged.)
//   - The first of a request's attempts to return wins, whatever it returned (a 500 or a transport error
//     is an answer, as in FanOutIn): its Result, as fetch returned it (Latency included: that attempt's
//     own time), is the request's result. The other attempt is cancelled at that moment (its ctx is done),
//     and what it returns is dropped.
//   - Every request made ends with exactly one result, hedged or not.
//   - Once ctx is cancelled, as in FanOutIn: no request and no hedge starts, the attempts in flight end
//     early with ctx's error, each request cut short still gets its one result, and a request never made
//     gets none.
//   - Hedged returns once every attempt it made has returned, the cancelled ones included, and every
//     goroutine it started has ended.
func Hedged(ctx context.Context, n, workers int, fetch lesson.Fetch, after time.Duration) []lesson.Result {
	// TODO: write Hedged.
	return nil
}
