// Mistake: Throttled starts the monitor with the caller's ctx and neither stops it nor waits for it: once the
// requests are done, the monitor goes on sampling, a goroutine left behind.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/returns_one_result_per_request,_with_at_most_W_in_flight

package main

func Throttled(ctx context.Context, n, workers int, fetch lesson.Fetch, th Throttle) []lesson.Result {
	var p pacing
	// wrong: nothing stops the monitor when the run ends, and nothing waits for it
	go Monitor(ctx, th, func() int { return int(p.busy.Load()) }, func(d time.Duration) { p.pause.Store(int64(d)) })
	return p.pool(ctx, n, workers, fetch)
}
