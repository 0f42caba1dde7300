// Mistake: the first caller makes the request itself, in its own goroutine, and the others wait for it.
// The request's context is its own, so the others keep their answer when the first caller leaves; but the
// first caller cannot leave: it is inside fetch, and returns only when the request ends. The request needs
// a goroutine of its own, that no caller has to wait in.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/returns_at_once_with_ctx's_error_to_a_caller_who_leaves

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
		f = &flight{done: make(chan struct{}), cancel: func() {}}
		d.inFlight[id] = f
		d.mu.Unlock()
		r := d.fetch(context.WithoutCancel(ctx), id) // the first caller is stuck in it until it ends
		d.mu.Lock()
		delete(d.inFlight, id)
		d.mu.Unlock()
		f.result = r
		close(f.done)
		return r
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
