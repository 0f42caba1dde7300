// Mistake: the request waits for both its attempts and keeps the last answer it receives. After a hedge,
// that is the loser's: ctx's error, once it was cancelled. The first answer is the result; the other is
// dropped.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/returns_the_first_answer,_never_the_cancelled_attempt's_error

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func hedge(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration, places chan struct{}) lesson.Result {
	r := newHedgedRequest(ctx, id, fetch, places)
	r.attempt() // the first, in the place its worker took

	// A timer per request, made at its first attempt's start; it fires once: one hedge at most.
	due := time.NewTimer(after)
	defer due.Stop()
	result := r.firstAnswer(due.C)
	r.stop()
	close(r.answers)
	for answer := range r.answers {
		result = answer // the loser's answer, if any, overwrites the winner's
	}
	return result
}
