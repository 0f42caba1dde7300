//go:build !solution

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Sequential makes requests 0 to n-1 one after another, each with fetch, and returns their results in
// request order: results[i].ID == i.
//
// Its contract, which the tests check:
//   - One request at a time: call fetch, wait for it to return, then call it for the next id.
//   - A failed request (a 500 in Result.Status, or a transport error in Result.Err) is a result like any
//     other: keep it, and carry on with the next id.
//   - Once ctx is cancelled, call fetch no more and return the results so far: check ctx before each
//     request, so that a ctx cancelled before the call gets no request at all. The request in flight
//     when ctx was cancelled returns early with ctx's error in Result.Err; keep its result.
//   - Start no goroutines: everything happens in the caller's.
func Sequential(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	// TODO: make a slice for the results, with room for n of them.
	// TODO: for each id from 0 to n-1: if ctx is cancelled, stop; otherwise call fetch(ctx, id) and
	//       append its result, whatever it is.
	// TODO: return the results.
	return nil
}
