// Mistake: a failed answer is not shared: a caller who joined a request that ended in a 500 or a transport
// error sends one of its own instead. But the failure is that request's result, and the callers waiting
// for it share it like any other; each extra request is one more for a server that may be failing already.
// A caller who wants another try calls Do again.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/shares_a_failed_answer_like_any_other

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
	f, joined := d.inFlight[id]
	if !joined {
		reqCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{done: make(chan struct{}), cancel: cancel}
		d.inFlight[id] = f
		go d.request(reqCtx, id, f)
	}
	f.waiting++
	d.mu.Unlock()

	select {
	case <-f.done:
		if joined && (f.result.Err != nil || f.result.Status >= 500) {
			return d.fetch(ctx, id) // not worth sharing: a request of its own
		}
		return f.result
	case <-ctx.Done():
		d.leave(id, f)
		return lesson.Result{ID: id, Err: ctx.Err()}
	}
}
