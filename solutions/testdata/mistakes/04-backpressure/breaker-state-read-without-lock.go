// Mistake: a fast path: Allow reads the state without the lock, to let requests through quickly while the
// breaker is closed. But Done changes the state under the lock, from other goroutines: a read outside it
// is a data race (-race reports it), and a caller may go on seeing "closed" after another has opened it.
// Every read of the shared state, however small, takes the lock.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerAllow/is_safe_for_concurrent_use:_16_goroutines_asking_and_reporting_at_once,_and_Changes_read_meanwhile,_without_a_data_race

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
		if b.state == Closed { // read without the lock
			return nil
		}
		b.mu.Lock()
		now := time.Now()
		if b.state == Open && !now.Before(b.until) {
			b.set(HalfOpen, b.until)
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
