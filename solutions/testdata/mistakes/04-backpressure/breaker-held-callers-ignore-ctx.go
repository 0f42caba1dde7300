// Mistake: a caller held by Allow waits for the breaker alone, deaf to its ctx: a worker whose run is
// cancelled during an outage stays held until the cool-down ends, and the whole pool with it. Every wait
// that may outlast its caller's interest sits in a select with ctx.Done().
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerAllow/returns_ctx's_error_at_once_to_a_caller_whose_ctx_is_done,_held_or_not

package main

import (
	"context"
	"time"
)

func (b *Breaker) Allow(ctx context.Context) error {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		wake, coolDown, ok := b.admit()
		if ok {
			return nil
		}
		var alarm <-chan time.Time
		if coolDown > 0 {
			if timer == nil {
				timer = time.NewTimer(coolDown)
			} else {
				timer.Reset(coolDown)
			}
			alarm = timer.C
		}
		select { // no case for ctx.Done()
		case <-wake:
		case <-alarm:
		}
	}
}
