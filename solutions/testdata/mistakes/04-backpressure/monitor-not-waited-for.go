// Mistake: Throttled cancels its monitor's context on the way out, but does not wait for the monitor to
// return: at Throttled's return the monitor is still running, a goroutine left behind for a moment (and,
// were Monitor slow to notice, for longer). "Stops it and waits for it" needs both.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/stops_its_monitor_and_waits_for_it_before_returning

//go:build !solution

package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Throttle is the original project's pacing rule: every Every, count the busy workers; above High, pause
// Step longer between two dispatches, up to Max; below Low, stop pausing.
type Throttle struct {
	Every time.Duration // how often the monitor counts the busy workers
	High  int           // more busy workers than this: the pause grows by Step
	Low   int           // fewer busy workers than this: the pause drops to 0
	Step  time.Duration // how much the pause grows at each busy sample
	Max   time.Duration // the longest pause
}

// Original is the original project's numbers.
var Original = Throttle{Every: 100 * time.Millisecond, High: 10, Low: 3, Step: 5 * time.Millisecond, Max: 50 * time.Millisecond}

// Monitor counts the busy workers with busy() every th.Every, works out the new pause from th and calls set
// with it after each sample, until ctx is done. It blocks until then: its caller runs it in a goroutine and
// waits for it. It stops its ticker before it returns.
func Monitor(ctx context.Context, th Throttle, busy func() int, set func(time.Duration)) {
	ticker := time.NewTicker(th.Every)
	defer ticker.Stop()
	var pause time.Duration // only this goroutine touches it: set publishes it
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		switch b := busy(); {
		case b > th.High:
			pause = min(pause+th.Step, th.Max)
		case b < th.Low:
			pause = 0
		}
		set(pause)
	}
}

// Throttled makes requests 0 to n-1 with a pool of workers goroutines, as FanOutIn does in lesson 03, and
// waits the pause th calls for before each dispatch. It returns one result per request, in the order they
// finished. Once ctx is cancelled it starts no more requests, waits for the ones cut short, and returns
// every result, theirs included, with every goroutine it started ended, the monitor's too.
func Throttled(ctx context.Context, n, workers int, fetch lesson.Fetch, th Throttle) []lesson.Result {
	// Throttled owns the monitor: stop cancels it when the run ends, even if ctx never is.
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	// Shared between goroutines: busy by the workers (written) and the monitor (read); pause by the monitor
	// (written) and the producer (read). Atomics make each read and write whole and ordered.
	var busy, pause atomic.Int64
	go Monitor(ctx, th, func() int { return int(busy.Load()) }, func(d time.Duration) { pause.Store(int64(d)) })

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
	stop() // the monitor will return: but not before Throttled does
	return collected
}

// sleep waits for d, and reports false if ctx was done first.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
