// Mistake: each caller waits on a channel of its own, unbuffered, and the request hands its answer to each
// one in turn while holding the Dedup's lock. A caller whose ctx is done at the moment the answer comes
// may be leaving instead of receiving: it waits for the lock to count itself out, while the request holds
// the lock and waits for it to receive. Neither moves again. Give each caller's channel room for the
// answer, or close one channel for all, and never wait for a caller while holding the lock.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/gives_a_caller_who_leaves_just_as_the_answer_comes_one_or_the_other,_and_never_hangs
// Removes: Dedup.leave

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

type flight struct {
	callers map[chan lesson.Result]bool // one unbuffered channel per caller waiting
	cancel  context.CancelFunc
}

func (d *Dedup) Do(ctx context.Context, id int) lesson.Result {
	if err := ctx.Err(); err != nil {
		return lesson.Result{ID: id, Err: err}
	}
	mine := make(chan lesson.Result) // no room: the request must wait for the caller to receive
	d.mu.Lock()
	f, ok := d.inFlight[id]
	if !ok {
		reqCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{callers: map[chan lesson.Result]bool{}, cancel: cancel}
		d.inFlight[id] = f
		go d.request(reqCtx, id, f)
	}
	f.callers[mine] = true
	d.mu.Unlock()

	select {
	case r := <-mine:
		return r
	case <-ctx.Done():
		d.mu.Lock() // the request may hold it, waiting for this caller to receive
		defer d.mu.Unlock()
		delete(f.callers, mine)
		if len(f.callers) == 0 && d.inFlight[id] == f {
			f.cancel()
			delete(d.inFlight, id)
		}
		return lesson.Result{ID: id, Err: ctx.Err()}
	}
}

func (d *Dedup) request(ctx context.Context, id int, f *flight) {
	r := d.fetch(ctx, id)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.inFlight[id] == f {
		delete(d.inFlight, id)
	}
	for c := range f.callers {
		c <- r // under the lock, to a caller who may be waiting for the lock
	}
	f.cancel()
}
