// Mistake: Throttled calls Monitor itself, not in a goroutine of its own: Monitor blocks until its context is
// done, so Throttled never gets to start the pool.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/returns_one_result_per_request,_with_at_most_W_in_flight

package main

func Throttled(ctx context.Context, n, workers int, fetch lesson.Fetch, th Throttle) []lesson.Result {
	// Throttled owns the monitor: stop cancels it when the run ends, even if ctx never is.
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	var p pacing
	// wrong: Monitor returns only once ctx is done; it needs a goroutine of its own
	Monitor(ctx, th, func() int { return int(p.busy.Load()) }, func(d time.Duration) { p.pause.Store(int64(d)) })
	results := p.pool(ctx, n, workers, fetch)
	stop()
	return results
}
