// Alternative: Monitor with a timer set again after each sample instead of a ticker, and set called only
// when the pause changes (the pause in force is the same).
// Replaces: 04-backpressure/pace.go

package main

import (
	"context"
	"time"
)

func Monitor(ctx context.Context, th Throttle, busy func() int, set func(time.Duration)) {
	t := time.NewTimer(th.Every)
	defer t.Stop()
	var pause time.Duration
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			t.Reset(th.Every)
		}
		old := pause
		if b := busy(); b > th.High {
			pause = min(pause+th.Step, th.Max)
		} else if b < th.Low {
			pause = 0
		}
		if pause != old {
			set(pause)
		}
	}
}
