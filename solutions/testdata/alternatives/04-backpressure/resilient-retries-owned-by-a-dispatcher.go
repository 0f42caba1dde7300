// Alternative: the retries belong to one dispatcher goroutine, as Backpressure's do: it sends the jobs,
// a failed request first and a new id otherwise, receives every attempt's outcome, spends the budget and
// keeps the results. A worker only asks the breaker, fetches and sends back what it got: a request that
// failed goes back to the dispatcher, and the next free worker takes it, held by the breaker like any
// other. No atomic, no lock: the count of retries left, the queue and the results are the dispatcher's.
// Replaces: 04-backpressure/challenge.go

package main

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// resilientJob is a request to make: its id, and what its last attempt got, if it had one.
type resilientJob struct {
	id    int
	tries int           // attempts made so far
	last  lesson.Result // the last one's result, once tries > 0
	made  bool          // set by the worker: it made an attempt this time
}

func Resilient(ctx context.Context, n, workers int, fetch lesson.Fetch, b *Breaker, budget int) []lesson.Result {
	jobs := make(chan resilientJob)
	answers := make(chan resilientJob)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				j.made = b.Allow(ctx) == nil // held here while the breaker is open; an error once cancelled
				if j.made {
					j.last = fetch(ctx, j.id)
					j.tries++
					b.Done(j.last)
				}
				answers <- j // no select: the dispatcher receives every answer of a job it sent
			}
		})
	}

	results := make([]lesson.Result, 0, n)
	var failed []resilientJob // failures waiting for a worker, to be tried again
	next, out, done := 0, 0, ctx.Done()
	for {
		var send chan<- resilientJob
		var j resilientJob
		if ctx.Err() == nil {
			switch {
			case len(failed) > 0:
				send, j = jobs, failed[0]
			case next < n:
				send, j = jobs, resilientJob{id: next}
			}
		}
		if send == nil && out == 0 {
			break
		}
		select {
		case send <- j:
			out++
			if j.tries > 0 {
				failed = failed[1:]
			} else {
				next++
			}
		case a := <-answers:
			out--
			switch {
			case a.tries == 0: // cancelled before its first attempt: no result
			case a.made && isFailure(a.last) && ctx.Err() == nil && budget > 0:
				budget--
				failed = append(failed, a)
			default: // a final answer, or a failure held when ctx was cancelled
				results = append(results, a.last)
			}
		case <-done:
			done = nil // closed for good: stop listening, or this select would spin
		}
	}
	for _, f := range failed { // cancelled: the failures never retried end with their failure
		results = append(results, f.last)
	}
	close(jobs)
	wg.Wait()
	return results
}
