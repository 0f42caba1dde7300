// Mistake: the hedges' timers (time.AfterFunc) tell the loop that a hedge is due with a plain send. When a
// timer fires at the very moment its request's answer comes, and that answer was the last one, the loop has
// ended before it receives, and the timer's goroutine waits for ever: Hedged, waiting for its timers, never
// returns. Every send that could outlive its receiver needs a way out, here the request's ctx.
// Replaces: 03-fanoutin/challenge.go
// Based on: hedge-one-dispatcher
// Caught by: TestHedged/never_hangs_when_an_answer_comes_at_the_very_moment_its_hedge_is_due

package main

import (
	"context"
	"time"
)

func (d *dispatcher) begin(id int) {
	rctx, cancel := context.WithCancel(d.ctx)
	q := &dispatched{ctx: rctx, cancel: cancel}
	d.reqs[id] = q
	d.timers.Add(1)
	q.timer = time.AfterFunc(d.after, func() {
		defer d.timers.Done()
		d.dues <- id // once the loop has ended, nobody receives: blocked for ever
	})
	d.start(id)
}
