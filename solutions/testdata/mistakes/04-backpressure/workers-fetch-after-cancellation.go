// Mistake: the workers never check ctx, trusting the producer to stop; and the producer notices ctx only in the
// select of its pause, so it hands over the ids with a plain send. Cancelled while no pause holds, the producer
// goes on sending, and every worker fetches every id it gets: requests started after the cancellation, each
// failing at once. A worker checks ctx before each request, whatever the producer does.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/stops_as_promptly_when_cancelled_while_the_producer_waits_to_send,_not_in_a_pause

package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Throttled(ctx context.Context, n, workers int, fetch lesson.Fetch, th Throttle) []lesson.Result {
	// Throttled owns the monitor: stop cancels it when the run ends, even if ctx never is.
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	// Shared between goroutines: busy by the workers (written) and the monitor (read); pause by the monitor
	// (written) and the producer (read). Atomics make each read and write whole and ordered.
	var busy, pause atomic.Int64
	var monitor sync.WaitGroup
	monitor.Go(func() {
		Monitor(ctx, th, func() int { return int(busy.Load()) }, func(d time.Duration) { pause.Store(int64(d)) })
	})

	jobs := make(chan int)
	results := make(chan lesson.Result)

	go func() {
		defer close(jobs)
		for id := range n {
			if !sleep(ctx, time.Duration(pause.Load())) {
				return
			}
			jobs <- id // the pause's select is the only place the producer looks at ctx
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs {
				// wrong: no check of ctx before the request
				busy.Add(1)
				r := fetch(ctx, id)
				busy.Add(-1)
				// No select: the collector reads results until it is closed (lesson 03), so this send
				// always completes, and a request cut short by a cancellation keeps its result.
				results <- r
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	stop()
	monitor.Wait()
	return collected
}
