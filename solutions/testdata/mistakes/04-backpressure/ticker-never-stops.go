// Mistake: the original project's monitor: `for range ticker.C`, with no way out. A ticker's channel is never
// closed, not even by Stop, so once ctx is cancelled the monitor goes on sampling forever: a leaked
// goroutine, and a ticker that never stops.
// Replaces: 04-backpressure/pace.go
// Caught by: TestMonitor/returns_once_ctx_is_cancelled,_samples_no_more,_and_leaves_no_goroutine

package main

func Monitor(ctx context.Context, th Throttle, busy func() int, set func(time.Duration)) {
	ticker := time.NewTicker(th.Every)
	var pause time.Duration // only this goroutine touches it: set publishes it
	for range ticker.C {
		switch b := busy(); {
		case b > th.High:
			pause = min(pause+th.Step, th.Max)
		case b < th.Low:
			pause = 0
		}
		set(pause)
	}
}
