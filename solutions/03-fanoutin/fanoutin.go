// Package fanoutin is the reference solution of lesson 03-fanoutin.
package fanoutin

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// FanOutIn makes requests 0 to n-1 with a pool of workers goroutines and returns one result per request,
// in the order they finish. Once ctx is cancelled it starts no more requests, waits for the ones cut
// short, and returns every result, theirs included, with every goroutine it started ended.
func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)

	go produce(ctx, n, jobs) // fan-out: the one sender on jobs

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { work(ctx, jobs, results, fetch) })
	}

	go closeWhenDone(&wg, results) // fan-in: the one closer of results

	// The collector reads until the closer closes results, never stopping early on ctx.Done(): so every
	// worker's send completes, and FanOutIn returns only once every worker has returned.
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}

// produce sends ids 0 to n-1 on jobs, and stops early once ctx is done. It is the only sender on jobs, so
// it is the one to close it, whenever it returns: that close is what ends the workers' loops.
func produce(ctx context.Context, n int, jobs chan<- int) {
	defer close(jobs)
	for id := range n {
		select {
		case jobs <- id:
		case <-ctx.Done(): // once the workers stop, nobody takes an id: the send needs this way out
			return
		}
	}
}

// work is one worker: it requests each id it takes from jobs and sends the result on results, until jobs
// is closed or ctx is done.
func work(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch) {
	for id := range jobs {
		// If jobs were buffered, ids could still be waiting in it when ctx is cancelled; checking here
		// means no request starts after the cancellation, however jobs is made.
		if ctx.Err() != nil {
			return
		}
		// No select with ctx.Done() here: the collector reads results until it is closed, so this send
		// always completes, and the result of a request cut short by a cancellation (ctx's error in
		// Result.Err) is kept instead of dropped.
		results <- fetch(ctx, id)
	}
}

// closeWhenDone closes results once every worker counted in wg has returned. Every worker sends on
// results, and none can know it is the last, so none of them may close it: this one closer does.
func closeWhenDone(wg *sync.WaitGroup, results chan<- lesson.Result) {
	wg.Wait()
	close(results)
}
