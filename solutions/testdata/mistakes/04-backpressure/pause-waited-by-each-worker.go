// Mistake: the workers wait the pause, each before its own request, instead of the producer before each
// hand-over: the four workers wait it side by side, and their requests still leave together.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/waits_the_pause_the_monitor_sets_between_two_dispatches

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
				if !sleep(ctx, time.Duration(pause.Load())) { // each worker waits the pause, side by side
					return
				}
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
