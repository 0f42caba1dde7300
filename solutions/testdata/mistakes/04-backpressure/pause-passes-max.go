// Mistake: the pause grows by Step while it is below Max, and so passes it when Step does not divide Max: with
// Step 15ms and Max 40ms it goes 15, 30, 45ms. Max is a cap on the pause, not a bound on when to stop adding.
// Replaces: 04-backpressure/pace.go
// Caught by: TestMonitor/never_lets_the_pause_pass_Max,_even_when_Step_does_not_divide_it

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
			if pause < th.Max { // wrong: 30ms + 15ms passes a Max of 40ms
				pause += th.Step
			}
		case b < th.Low:
			pause = 0
		}
		set(pause)
	}
}
