// Mistake: Monitor ranges over the ticker and checks ctx at each tick: it returns at the first tick after the
// cancellation, not at once, and Throttled, which waits for it, returns that much later too.
// Replaces: 04-backpressure/pace.go
// Caught by: TestMonitor/returns_once_ctx_is_cancelled,_samples_no_more,_and_leaves_no_goroutine

package main

import (
	"context"
	"time"
)

func Monitor(ctx context.Context, th Throttle, busy func() int, set func(time.Duration)) {
	ticker := time.NewTicker(th.Every)
	defer ticker.Stop()
	var pause time.Duration // only this goroutine touches it: set publishes it
	for range ticker.C {
		if ctx.Err() != nil { // wrong: seen only at the next tick
			return
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
