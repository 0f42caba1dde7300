// Mistake: while the breaker is open (or half-open with every probe out), Allow returns an error at once,
// as most circuit breakers do (gobreaker's ErrOpenState and ErrTooManyRequests). For a server's handler
// that is right: fail fast, and let the client retry. For a batch job it loses the work: every request
// that asks during the outage is turned away, and the pool has nothing to do with it. Here the breaker
// holds its callers instead, and lets them through once it can.
// Replaces: 04-backpressure/challenge.go
// Caught by: TestBreakerAllow/holds_its_callers_while_open:_nothing_is_sent_until_CoolDown_has_passed

package main

import (
	"context"
	"errors"
)

var errOpen = errors.New("breaker: open")

func (b *Breaker) Allow(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, _, ok := b.admit(); ok {
		return nil
	}
	return errOpen // fails the caller instead of holding it
}
