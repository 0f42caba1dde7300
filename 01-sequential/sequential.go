//go:build !solution

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Sequential makes requests 0 to n-1 with fetch, one after another, and returns their results in request
// order: results[i].ID == i. It is the baseline that every later lesson is measured against.
//
// Its contract, which the tests check clause by clause:
//   - One request at a time: a request is made only once the one before it has returned.
//   - Every request is made from the caller's goroutine: Sequential starts no goroutine.
//   - A failed request (a 500 in Result.Status, or a transport error in Result.Err) is a result like any
//     other: it is returned as fetch gave it, and the next request is made.
//   - Every request is made with ctx, so that a cancellation cuts short the request in flight: fetch then
//     returns early with ctx's error in Result.Err, and that result is returned with the others.
//   - Once ctx is done (cancelled, or past its deadline), no request is made: not the next one, and none
//     at all when ctx is done before Sequential is called. Sequential then returns the results of the
//     requests it made, and only those.
func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	// TODO: write Sequential.
	return nil
}
