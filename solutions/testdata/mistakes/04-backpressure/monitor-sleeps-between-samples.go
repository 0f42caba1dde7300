// Mistake: Monitor sleeps th.Every between two samples (time.Sleep) and checks ctx after each sleep: once ctx is
// cancelled it goes on sleeping, and returns only at the end of the sleep, up to a whole tick late.
// Replaces: 04-backpressure/pace.go
// Caught by: TestMonitor/returns_once_ctx_is_cancelled,_samples_no_more,_and_leaves_no_goroutine

package main

import (
	"context"
	"time"
)

func Monitor(ctx context.Context, th Throttle, busy func() int, set func(time.Duration)) {
	var pause time.Duration // only this goroutine touches it: set publishes it
	for {
		time.Sleep(th.Every) // wrong: a cancellation does not cut a sleep short
		if ctx.Err() != nil {
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
