// Mistake: between the marks Monitor shortens the pause by Step, a decay the rule does not have: anything between
// Low and High keeps the pause as it is.
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
		case b < th.Low:
			pause = 0
		default: // wrong: between the marks the pause stays
			pause = max(0, pause-th.Step)
		}
		set(pause)
	}
}
