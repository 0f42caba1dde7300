package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// fanOutInMerged is FanOutIn built on Merge, for `go run ./03-fanoutin -variant merge`: given code, not an
// exercise, so that your Merge can be run and measured. Fan-out is the same producer and jobs channel;
// fan-in differs: each worker has a results channel of its own, which it closes when it is done (it is
// that channel's only sender), and Merge forwards them all onto one.
//
// Merge closes its output once its ctx is cancelled, dropping whatever was still on its way. Here the
// results of requests cut short by a cancellation must be kept, so Merge gets a context that is never
// cancelled: the workers closing their channels is what ends it. The workers still watch ctx, so a
// cancellation ends the run all the same.
func fanOutInMerged(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for id := range n {
			select {
			case jobs <- id:
			case <-ctx.Done():
				return
			}
		}
	}()

	outs := make([]<-chan lesson.Result, workers)
	for w := range workers {
		out := make(chan lesson.Result)
		outs[w] = out
		go func() {
			defer close(out)
			for id := range jobs {
				if ctx.Err() != nil {
					return
				}
				out <- fetch(ctx, id) // the loop below reads until every out is closed and drained
			}
		}()
	}

	collected := make([]lesson.Result, 0, n)
	for r := range Merge(context.WithoutCancel(ctx), outs...) {
		collected = append(collected, r)
	}
	return collected
}
