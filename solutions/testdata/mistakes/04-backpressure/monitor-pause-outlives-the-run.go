// Mistake: the pause lives in a package-level variable, not in Monitor: a second Monitor (the next run of
// Throttled, another test) starts from the pause the first one left, instead of 0.
// Replaces: 04-backpressure/pace.go
// Caught by: TestMonitor/starts_every_run_from_a_pause_of_0

package main

import (
	"context"
	"time"
)

func Monitor(ctx context.Context, th Throttle, busy func() int, set func(time.Duration)) {
	ticker := time.NewTicker(th.Every)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
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

var pause time.Duration // wrong: shared by every call of Monitor
