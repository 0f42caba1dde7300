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
		_, coolDown, ok := b.admit()
		if ok {
			return nil
		}
		if coolDown == 0 { // half-open, every probe out
			coolDown = b.s.CoolDown
		}
		timer := time.NewTimer(coolDown) // only a timer: the change to closed wakes nobody
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		}
	}
}
