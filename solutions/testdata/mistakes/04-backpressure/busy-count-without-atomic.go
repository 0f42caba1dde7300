// Mistake: the workers count themselves busy in a plain int, which the monitor reads: every worker writes it and
// the monitor reads it from other goroutines with nothing to order them, a data race (and increments lost between
// two workers).
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/shares_the_pause_between_the_monitor_and_the_dispatcher_without_a_data_race

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
	var pause atomic.Int64
	var busy int // wrong: written by every worker, read by the monitor
	var monitor sync.WaitGroup
	monitor.Go(func() {
		Monitor(ctx, th, func() int { return busy }, func(d time.Duration) { pause.Store(int64(d)) })
	})

	jobs := make(chan int)
	results := make(chan lesson.Result)

	go func() {
		defer close(jobs)
		for id := range n {
			if !sleep(ctx, time.Duration(pause.Load())) {
				return
			}
			select {
			case jobs <- id:
			case <-ctx.Done():
				return
			}
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs {
				if ctx.Err() != nil {
					return
				}
				busy++
				r := fetch(ctx, id)
				busy--
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
