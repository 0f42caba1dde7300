// Mistake: the result's Latency is rewritten to the request's time, from its first attempt's start to the
// first answer, where the contract wants the winning attempt's Result as fetch returned it. The request's
// time is the program's to measure (its report does), and a Latency that is no attempt's own misleads
// every reader of the results.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/hedges_a_request_with_no_answer_within_after,_at_that_moment,_and_returns_the_hedge's_answer

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func hedge(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration, places chan struct{}) lesson.Result {
	began := time.Now()
	r := newHedgedRequest(ctx, id, fetch, places)
	r.attempt() // the first, in the place its worker took

	// A timer per request, made at its first attempt's start; it fires once: one hedge at most.
	due := time.NewTimer(after)
	defer due.Stop()
	first := r.firstAnswer(due.C)
	r.stop()
	first.Latency = time.Since(began) // the request's time, not the attempt's
	return first
}
