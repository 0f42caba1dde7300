// Mistake: Monitor calls busy() in each case of its switch: one tick, two samples, which may disagree (the first
// says more than High, the second fewer than Low). One sample per tick, and the rule works from it.
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
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		switch {
		case busy() > th.High: // wrong: a sample per case
			pause = min(pause+th.Step, th.Max)
		case busy() < th.Low:
			pause = 0
		}
		set(pause)
	}
}
