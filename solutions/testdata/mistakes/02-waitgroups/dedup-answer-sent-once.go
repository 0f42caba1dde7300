// Mistake: the request's answer is sent on a channel, once: one waiting caller receives it, and every
// other one waits for good. A send wakes one receiver; a close wakes them all, so the answer is stored and
// the channel closed.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/shares_the_request_in_flight_with_every_caller_who_asks_for_the_same_id

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

type flight struct {
	answer  chan lesson.Result
	waiting int
	cancel  context.CancelFunc
}

func (d *Dedup) Do(ctx context.Context, id int) lesson.Result {
	if err := ctx.Err(); err != nil {
		return lesson.Result{ID: id, Err: err}
	}
	d.mu.Lock()
	f, ok := d.inFlight[id]
	if !ok {
		reqCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{answer: make(chan lesson.Result, 1), cancel: cancel}
		d.inFlight[id] = f
		go d.request(reqCtx, id, f)
	}
	f.waiting++
	d.mu.Unlock()

	select {
	case r := <-f.answer: // one caller gets it
		return r
	case <-ctx.Done():
		d.leave(id, f)
		return lesson.Result{ID: id, Err: ctx.Err()}
	}
}

func (d *Dedup) request(ctx context.Context, id int, f *flight) {
	r := d.fetch(ctx, id)
	d.mu.Lock()
	if d.inFlight[id] == f {
		delete(d.inFlight, id)
	}
	d.mu.Unlock()
	f.cancel()
	f.answer <- r // one send, one receiver
}
