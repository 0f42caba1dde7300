//go:build !solution

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Hedged makes requests 0 to n-1 with a pool of workers, as FanOutIn does, and hedges the slow ones: a
// request that has not answered within after gets a second attempt, and whichever attempt answers first
// gives the request its result. It returns one result per request, in any order.
//
// Its contract, which the tests check:
//   - A request that has no answer within after (more than 0) of its first attempt's start gets one more
//     attempt at that moment: its hedge. A request answered within after gets no hedge, and no request
//     gets more than one.
//   - The first of a request's attempts to return wins, whatever it returned (a 500 or a transport error
//     is an answer, as in FanOutIn): its result is the request's result. The other attempt is cancelled
//     at that moment (its ctx is done), and what it returns is dropped.
//   - Every request ends with exactly one result, hedged or not.
//   - At most workers requests are going at once, and exactly workers while there is work for them all:
//     a request is going from its first attempt's start to its first answer. A hedge does not take a
//     worker's place: it is sent at after even when every worker is busy, so up to 2×workers attempts
//     may be in flight.
//   - Once ctx is cancelled, as in FanOutIn: no request and no hedge starts, the attempts in flight end
//     early with ctx's error, each request cut short still gets its one result, and Hedged returns once
//     every goroutine it started has ended.
//   - Hedged never returns while an attempt it made is in flight: the losers' included.
func Hedged(ctx context.Context, n, workers int, fetch lesson.Fetch, after time.Duration) []lesson.Result {
	// TODO: write Hedged.
	return nil
}
