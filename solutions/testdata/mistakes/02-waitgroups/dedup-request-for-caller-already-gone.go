// Mistake: Do does not look at ctx before it starts: a caller whose ctx is already done still starts a
// request (or joins one), and then leaves at once, cancelling the request it just started. A request made
// for nobody is still a request the server sees.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/makes_no_request_for_a_caller_whose_ctx_is_already_done

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func (d *Dedup) Do(ctx context.Context, id int) lesson.Result {
	d.mu.Lock() // no look at ctx first
	f, ok := d.inFlight[id]
	if !ok {
		reqCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
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
