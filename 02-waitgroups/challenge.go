//go:build !solution

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Dedup makes one request per id, however many goroutines ask for it at once: while a request for an id
// is in flight, the others who ask for that id share its answer. It is safe for concurrent use. Make one
// with NewDedup.
type Dedup struct {
	// TODO: your fields.
}

// NewDedup returns a Dedup that makes its requests with fetch. Two Dedups share nothing.
func NewDedup(fetch lesson.Fetch) *Dedup {
	// TODO: write NewDedup.
	return nil
}

// Do returns id's result: the result of a request for id, made with the Dedup's fetch.
//
// Its contract, which the tests check:
//   - While a request for id is in flight, a call of Do for id makes no request of its own: it waits for
//     that one, and returns its result. Every caller waiting for it gets the same result, a failure (a
//     500, a transport error) as much as a 200.
//   - Once that request has ended, a later call for id makes a new request: Do deduplicates, it does not
//     cache.
//   - Calls for different ids never wait for each other: their requests are in flight at the same time.
//   - A caller whose ctx is done returns at once, with a Result holding id and ctx's error, and the
//     request it was waiting for goes on for the callers still waiting. A ctx already done when Do is
//     called makes no request.
//   - The request is cancelled (the ctx fetch was given is done) only once every caller waiting for it has
//     left. It has then ended: a later call for id makes a new request, which the calls after it share,
//     even while the cancelled one is still giving up.
//   - Nothing it starts is left running once every call has returned and every request has ended.
func (d *Dedup) Do(ctx context.Context, id int) lesson.Result {
	// TODO: write Do.
	return lesson.Result{}
}
