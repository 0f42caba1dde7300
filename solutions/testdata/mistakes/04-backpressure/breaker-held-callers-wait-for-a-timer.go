// Mistake: a caller held by Allow looks again only when a timer fires, at the end of the cool-down or a
// CoolDown later when none is on: nothing wakes it when the breaker closes. The probes succeed, the
// breaker closes, and the workers it held sit idle for up to a CoolDown more.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerAllow/lets_its_callers_through_as_soon_as_the_cool-down_ends,_and_all_of_them_the_moment_it_closes

package main

import (
	"context"
	"time"
)

func (b *Breaker) Allow(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
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
		wait := b.s.CoolDown
		if b.state == Open {
			wait = b.until.Sub(now)
		}
		b.mu.Unlock()
		timer := time.NewTimer(wait) // only a timer: the change to closed wakes nobody
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		}
	}
}
