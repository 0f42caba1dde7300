// Mistake: a caller waits for the request's answer alone, not for its own ctx as well: a caller who is
// cancelled still waits until the request ends, however long that is, and never counts itself out, so
// nobody ever cancels the request.
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
		reqCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{done: make(chan struct{}), cancel: cancel}
		d.inFlight[id] = f
		go d.request(reqCtx, id, f)
	}
	f.waiting++
	d.mu.Unlock()

	<-f.done // deaf to ctx
	return f.result
}
