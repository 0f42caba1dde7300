//go:build !solution

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// FanOutIn makes requests 0 to n-1 with a pool of workers goroutines, and returns one result per request,
// in the order they finish.
//
// Its shape, which the tests check:
//   - Fan-out: a producer goroutine sends the ids 0 to n-1 on a jobs channel, then closes it. The sender
//     is the one that closes.
//   - workers goroutines each take ids from jobs until it is closed, call fetch, and send each result on
//     one results channel. So exactly workers requests are in flight while there is work for them all.
//     A failed request (a 500, or a transport error in Result.Err) is a result like any other: send it,
//     and carry on with the next id.
//   - Fan-in: one more goroutine waits for every worker to finish (a sync.WaitGroup), then closes results.
//     One owner closes it, once, after its last send.
//   - FanOutIn itself collects from results until it is closed, and returns what it collected. It never
//     stops reading early, not even on cancellation: so a worker's send always completes.
//   - Once ctx is cancelled: the producer sends no more ids (its send sits in a select with <-ctx.Done()),
//     no worker starts another request (it checks ctx before each), the requests in flight end early with
//     ctx's error, their results are sent and collected like any other, and FanOutIn returns once every
//     goroutine it started has ended.
func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	// TODO: make the jobs and results channels (unbuffered is fine).
	// TODO: start the producer: send each id on jobs (in a select with ctx.Done()), then close jobs.
	// TODO: start the workers with a WaitGroup: for each id from jobs, unless ctx is done, call fetch and send
	//       the result on results, whatever it is.
	// TODO: start the closer: wait for the workers, then close results.
	// TODO: collect the results until results is closed, and return them.
	return nil
}
