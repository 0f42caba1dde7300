// Mistake: Monitor drops the pause to 0 when as many workers as th.Low are busy, not only when fewer are: the low
// mark is "fewer than Low", so a count equal to it keeps the pause.
// Replaces: 04-backpressure/pace.go
// Caught by: TestMonitor/sets_the_pause_the_rule_calls_for_after_each_sample

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
		case b <= th.Low: // wrong: Low itself keeps the pause
			pause = 0
		}
		set(pause)
	}
}
