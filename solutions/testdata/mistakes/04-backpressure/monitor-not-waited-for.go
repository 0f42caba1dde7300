// Mistake: Throttled cancels its monitor's context on the way out, but does not wait for the monitor to
// return: at Throttled's return the monitor is still running, a goroutine left behind for a moment (and,
// were Monitor slow to notice, for longer). "Stops it and waits for it" needs both.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/stops_its_monitor_and_waits_for_it_before_returning

package main

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
