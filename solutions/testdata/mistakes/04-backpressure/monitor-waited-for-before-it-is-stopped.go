// Mistake: Throttled waits for its monitor before cancelling the monitor's context: Monitor returns only once that
// context is done, so the wait never ends, and Throttled never returns unless its caller cancels.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/returns_one_result_per_request,_with_at_most_W_in_flight

package main

func Throttled(ctx context.Context, n, workers int, fetch lesson.Fetch, th Throttle) []lesson.Result {
	// Throttled owns the monitor: stop cancels it when the run ends, even if ctx never is.
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	var p pacing
	var monitor sync.WaitGroup
	monitor.Go(func() {
		Monitor(ctx, th, func() int { return int(p.busy.Load()) }, func(d time.Duration) { p.pause.Store(int64(d)) })
	})
	results := p.pool(ctx, n, workers, fetch)
	monitor.Wait() // wrong: the monitor runs until stop() is called, which comes after
	stop()
	return results
}
