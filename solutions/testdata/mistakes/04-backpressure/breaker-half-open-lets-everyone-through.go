// Mistake: once the cool-down is over, Allow lets every caller through: half-open is treated as closed
// until the first outcome comes back. Every worker held during the outage hits a server that may have
// only just come back, all at once; half-open exists to send a few requests, and hold the rest until
// they have answered.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerAllow/lets_Probes_requests_through_while_half-open,_and_holds_every_other_caller

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
			b.set(HalfOpen, b.until)
		}
		if b.state == Closed || b.state == HalfOpen { // half-open: everyone goes, no count of the probes
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
