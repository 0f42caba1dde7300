// Mistake: Monitor drops the pause to 0 only when no worker at all is busy, not when fewer than Low are: a pool
// that quiets down to a worker or two keeps pausing.
// Replaces: 04-backpressure/pace.go
// Caught by: TestMonitor/drops_the_pause_to_zero_below_the_low_mark,_and_grows_again_from_zero

package main

import (
	"context"
	"time"
)

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
		case b == 0: // wrong: fewer than Low
			pause = 0
		}
		set(pause)
	}
}
