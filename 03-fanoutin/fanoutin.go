//go:build !solution

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// FanOutIn makes requests 0 to n-1 with fetch through a pool of workers goroutines (workers >= 1), and
// returns one result per request made, in the order they finished.
//
// Its contract, which the tests check clause by clause:
//   - At most workers requests are in flight at once, and exactly that many while ids remain to be
//     requested: a worker that is done takes the next id at once, however long each request takes. (With
//     fewer than workers requests, all are in flight at once.)
//   - A failed request (a 500 in Result.Status, or a transport error in Result.Err) is a result like any
//     other: it is returned as fetch gave it, and its worker carries on with the next id.
//   - The goroutines and channels FanOutIn makes are its own: every goroutine it starts has ended when it
//     returns, and each channel it closes is closed once, by its one owner, after the last send on it (a
//     second close, or a send on a closed channel, panics).
//   - Every request is made with ctx. Once ctx is cancelled, no request starts; the requests in flight end
//     early with ctx's error in Result.Err (fetch does that), and their results are returned with the
//     others. FanOutIn returns as soon as they have ended, with the results of the requests it made, and
//     only those.
func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	// TODO: write FanOutIn.
	return nil
}
