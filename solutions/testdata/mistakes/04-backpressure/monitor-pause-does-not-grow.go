// Mistake: a busy sample sets the pause to Step instead of adding Step to it: the pause never grows past one Step,
// however long the pool stays busy.
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
			pause = min(th.Step, th.Max) // wrong: Step more than the pause in force
		case b < th.Low:
			pause = 0
		}
		set(pause)
	}
}
