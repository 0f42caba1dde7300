// Alternative: no mutex: one owner goroutine keeps the whole state machine, and every call is a message
// to it: a caller asking to go (with a channel for the answer), a caller leaving, an outcome, a read of
// the changes. The callers held wait for their answer in a select with their ctx; the owner waits for the
// next message and, while it holds callers and the breaker is open, for the end of the cool-down. It
// runs only while there is work: it ends when it holds no caller, and the next message starts a new one
// (a channel of capacity 1 holds a token while an owner runs, so there is never more than one, and the
// state passes from one to the next with the token).
// Replaces: 04-backpressure/challenge.go
// Removes: Breaker.set, Breaker.open, Breaker.admit, Breaker.closedDone, Breaker.probeDone

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

type Breaker struct {
	s     BreakerSettings
	start time.Time
	ops   chan breakerOp
	owner chan struct{} // capacity 1: full while an owner goroutine runs

	// The owner's alone: whoever holds the token.
	state    State
	failures int
	until    time.Time
	probes   int
	passed   int
	waiting  []chan struct{} // the callers held, first come first served
	changes  []StateChange
}

// breakerOp is one message to the owner: an ask (ask set), a leave (left set, and gone for the answer), an
// outcome (outcome set), or a read of the changes (read set).
type breakerOp struct {
	ask     chan struct{} // closed by the owner when the caller may go
	left    chan struct{}
	gone    chan bool // to the caller who leaves: false if it was still held, true if let through meanwhile
	outcome *lesson.Result
	read    chan []StateChange
}

func NewBreaker(s BreakerSettings) *Breaker {
	s.Trip, s.Probes = max(1, s.Trip), max(1, s.Probes)
	return &Breaker{
		s: s, start: time.Now(), ops: make(chan breakerOp), owner: make(chan struct{}, 1),
		state: Closed, changes: []StateChange{{At: 0, State: Closed}},
	}
}

func (b *Breaker) Allow(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ask := make(chan struct{})
	b.send(breakerOp{ask: ask})
	select {
	case <-ask:
		return nil
	case <-ctx.Done():
		gone := make(chan bool, 1)
		b.send(breakerOp{left: ask, gone: gone})
		if <-gone { // let through just as it left: it goes, and will report
			return nil
		}
		return ctx.Err()
	}
}

func (b *Breaker) Done(r lesson.Result) { b.send(breakerOp{outcome: &r}) }

func (b *Breaker) Changes() []StateChange {
	read := make(chan []StateChange, 1)
	b.send(breakerOp{read: read})
	return <-read
}

// send hands o to the owner, starting one if none runs.
func (b *Breaker) send(o breakerOp) {
	for {
		select {
		case b.ops <- o:
			return
		case b.owner <- struct{}{}: // no owner runs: this one is ours to start
			go b.own()
		}
	}
}

// own is the owner: it handles messages, and the end of the cool-down, until it holds no caller.
func (b *Breaker) own() {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		b.tick(time.Now())
		var alarm <-chan time.Time
		if b.state == Open && len(b.waiting) > 0 {
			timer.Reset(time.Until(b.until)) // tick made sure it is still ahead
			alarm = timer.C
		}
		select {
		case o := <-b.ops:
			b.handle(o, time.Now())
		case <-alarm:
		}
		b.tick(time.Now())
		if len(b.waiting) == 0 {
			<-b.owner
			return
		}
	}
}

// tick turns an open breaker half-open once the cool-down is over, and lets the callers through that the
// state allows.
func (b *Breaker) tick(now time.Time) {
	if b.state == Open && !now.Before(b.until) {
		b.to(HalfOpen, b.until)
	}
	for len(b.waiting) > 0 && (b.state == Closed || b.state == HalfOpen && b.probes < b.s.Probes) {
		if b.state == HalfOpen {
			b.probes++
		}
		close(b.waiting[0])
		b.waiting = b.waiting[1:]
	}
}

func (b *Breaker) handle(o breakerOp, now time.Time) {
	switch {
	case o.ask != nil:
		b.waiting = append(b.waiting, o.ask) // tick lets it through at once if it may go
	case o.left != nil:
		for i, w := range b.waiting {
			if w == o.left {
				b.waiting = append(b.waiting[:i], b.waiting[i+1:]...)
				o.gone <- false
				return
			}
		}
		o.gone <- true
	case o.read != nil:
		o.read <- append([]StateChange(nil), b.changes...)
	case o.outcome != nil:
		failed := isFailure(*o.outcome)
		switch {
		case b.state == Closed && !failed:
			b.failures = 0
		case b.state == Closed:
			if b.failures++; b.failures >= b.s.Trip {
				b.until = now.Add(b.s.CoolDown)
				b.to(Open, now)
			}
		case b.state == HalfOpen && failed:
			b.until = now.Add(b.s.CoolDown)
			b.to(Open, now)
		case b.state == HalfOpen:
			if b.passed++; b.passed >= b.s.Probes {
				b.to(Closed, now)
			}
		}
	}
}

// to records a change of state.
func (b *Breaker) to(state State, at time.Time) {
	b.state, b.failures, b.probes, b.passed = state, 0, 0, 0
	b.changes = append(b.changes, StateChange{At: at.Sub(b.start), State: state})
}
