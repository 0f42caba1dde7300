// Mistake: the hedge goes out with the first attempt, at once, instead of after `after` without an answer.
// Every request then costs two attempts: twice the load, where a hedge after the p95 adds about 5%.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/returns_one_result_per_request,_and_hedges_none_that_answer_within_after

package main

import (
	"context"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func hedge(ctx context.Context, id int, fetch lesson.Fetch, after time.Duration) lesson.Result {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answers := make(chan lesson.Result, 2)
	var attempts sync.WaitGroup
	attempt := func() { attempts.Go(func() { answers <- fetch(ctx, id) }) }

	attempt()
	attempt() // the hedge, at once: after is never waited for
	first := <-answers
	cancel()
	attempts.Wait()
	return first
}
