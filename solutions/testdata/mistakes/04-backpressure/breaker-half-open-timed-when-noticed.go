// Mistake: the change to half-open is recorded at the moment a caller notices it, not at the moment it
// happened, CoolDown after the opening. When nobody asks for a while, the record says the breaker stayed
// open all that time, and the chart of the states lies.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerChanges/records_the_change_to_half-open_CoolDown_after_the_opening,_even_when_nobody_asks_until_later

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
		b.mu.Lock()
		now := time.Now()
		if b.state == Open && !now.Before(b.until) {
			b.set(HalfOpen, now) // when noticed, not when it happened
		}
		switch {
		case b.state == Closed:
			b.mu.Unlock()
			return nil
		case b.state == HalfOpen && b.probes < b.s.Probes:
			b.probes++
			b.mu.Unlock()
			return nil
		}
		wake := b.wake
		var alarm <-chan time.Time
		if b.state == Open {
			if timer == nil {
				timer = time.NewTimer(b.until.Sub(now))
			} else {
				timer.Reset(b.until.Sub(now))
			}
			alarm = timer.C
		}
		b.mu.Unlock()
		select {
		case <-wake:
		case <-alarm:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
