// Alternative: a mutex and no channel: a caller held by Allow looks again every millisecond (a ticker in a
// select with ctx.Done()), until the breaker lets it through. The change to half-open is worked out when
// someone looks, and recorded at the moment it happened. Simpler than a channel closed at every change,
// at the price of a wake-up a millisecond per held caller, and up to a millisecond late.
// Replaces: 04-backpressure/challenge.go
// Removes: Breaker.set, Breaker.admit, Breaker.closedDone, Breaker.probeDone

package main

import (
	"context"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

type Breaker struct {
	s     BreakerSettings
	start time.Time

	mu       sync.Mutex
	state    State
	failures int
	until    time.Time
	probes   int
	passed   int
	changes  []StateChange
}

func NewBreaker(s BreakerSettings) *Breaker {
	s.Trip, s.Probes = max(1, s.Trip), max(1, s.Probes)
	return &Breaker{s: s, start: time.Now(), state: Closed, changes: []StateChange{{At: 0, State: Closed}}}
}

func (b *Breaker) Allow(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if b.try() {
		return nil
	}
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if b.try() {
				return nil
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// try lets the caller through if the breaker may, and reports whether it did.
func (b *Breaker) try() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == Open && !time.Now().Before(b.until) {
		b.to(HalfOpen, b.until)
	}
	switch {
	case b.state == Closed:
		return true
	case b.state == HalfOpen && b.probes < b.s.Probes:
		b.probes++
		return true
	}
	return false
}

func (b *Breaker) Done(r lesson.Result) {
	failed := isFailure(r)
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	switch {
	case b.state == Closed && failed:
		b.failures++
		if b.failures >= b.s.Trip {
			b.until = now.Add(b.s.CoolDown)
			b.to(Open, now)
		}
	case b.state == Closed:
		b.failures = 0
	case b.state == HalfOpen && failed:
		b.until = now.Add(b.s.CoolDown)
		b.to(Open, now)
	case b.state == HalfOpen:
		if b.passed++; b.passed >= b.s.Probes {
			b.to(Closed, now)
		}
	}
}

// to records a change of state. b.mu is held.
func (b *Breaker) to(state State, at time.Time) {
	b.state, b.failures, b.probes, b.passed = state, 0, 0, 0
	b.changes = append(b.changes, StateChange{At: at.Sub(b.start), State: state})
}

func (b *Breaker) open(now time.Time) {
	b.until = now.Add(b.s.CoolDown)
	b.to(Open, now)
}
