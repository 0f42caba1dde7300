// Mistake: Monitor samples first and waits for the ticker after, so its first sample comes at once, before any
// request had time to keep a worker busy, and every sample after it one tick early.
// Replaces: 04-backpressure/pace.go
// Caught by: TestMonitor/samples_busy_once_per_tick,_one_tick_after_the_other_from_the_call_on

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
		switch b := busy(); { // wrong: a sample before the first tick
		case b > th.High:
			pause = min(pause+th.Step, th.Max)
		case b < th.Low:
			pause = 0
		}
		set(pause)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}
