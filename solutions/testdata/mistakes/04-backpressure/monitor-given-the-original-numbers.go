// Mistake: Throttled starts its monitor with Original instead of th: the numbers it was given are ignored, and
// with the original's high mark (10 busy workers) a small pool never pauses.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/waits_the_pause_the_monitor_sets_between_two_dispatches

package main

func Throttled(ctx context.Context, n, workers int, fetch lesson.Fetch, th Throttle) []lesson.Result {
	// Throttled owns the monitor: stop cancels it when the run ends, even if ctx never is.
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	var p pacing
	var monitor sync.WaitGroup
	monitor.Go(func() {
		// wrong: th is what Throttled was given
		Monitor(ctx, Original, func() int { return int(p.busy.Load()) }, func(d time.Duration) { p.pause.Store(int64(d)) })
	})
	results := p.pool(ctx, n, workers, fetch)
	stop()
	monitor.Wait()
	return results
}
