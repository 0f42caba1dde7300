// Mistake: the shared request is made with the first caller's ctx. When that caller leaves (its ctx is
// cancelled), the request is cancelled with it, for every caller still waiting. The request needs a
// context of its own, that no single caller's cancellation reaches.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/goes_on_with_the_request_for_the_callers_who_stay

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func (d *Dedup) Do(ctx context.Context, id int) lesson.Result {
	if err := ctx.Err(); err != nil {
		return lesson.Result{ID: id, Err: err}
	}
	d.mu.Lock()
	f, ok := d.inFlight[id]
	if !ok {
		reqCtx, cancel := context.WithCancel(ctx) // the first caller's ctx: its cancellation ends the request
		f = &flight{done: make(chan struct{}), cancel: cancel}
		d.inFlight[id] = f
		go d.request(reqCtx, id, f)
	}
	f.waiting++
	d.mu.Unlock()

	select {
	case <-f.done:
		return f.result
	case <-ctx.Done():
		d.leave(id, f)
		return lesson.Result{ID: id, Err: ctx.Err()}
	}
}
