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

	var p pacing
	go Monitor(ctx, th, func() int { return int(p.busy.Load()) }, func(d time.Duration) { p.pause.Store(int64(d)) })
	results := p.pool(ctx, n, workers, fetch)
	stop() // the monitor will return: but not before Throttled does
	return results
}
