// Alternative: a mutex and a sync.Cond instead of a channel per request: callers wait on the Cond until
// their request is done or their ctx is, and a request that ends broadcasts. A Cond cannot wait for a
// ctx, so context.AfterFunc broadcasts when a caller's ctx is done, to wake it.
// Replaces: 02-waitgroups/challenge.go
// Removes: Dedup.request, Dedup.leave

package main

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

type Dedup struct {
	fetch lesson.Fetch

	mu       sync.Mutex
	changed  *sync.Cond // on mu: broadcast when a request ends, or a caller's ctx is done
	inFlight map[int]*flight
}

type flight struct {
	done    bool
	result  lesson.Result
	waiting int
	cancel  context.CancelFunc
}

func NewDedup(fetch lesson.Fetch) *Dedup {
	d := &Dedup{fetch: fetch, inFlight: map[int]*flight{}}
	d.changed = sync.NewCond(&d.mu)
	return d
}

func (d *Dedup) Do(ctx context.Context, id int) lesson.Result {
	if err := ctx.Err(); err != nil {
		return lesson.Result{ID: id, Err: err}
	}
	stop := context.AfterFunc(ctx, func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		d.changed.Broadcast()
	})
	defer stop()

	d.mu.Lock()
	defer d.mu.Unlock()
	f, ok := d.inFlight[id]
	if !ok {
		reqCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{cancel: cancel}
		d.inFlight[id] = f
		go func() {
			r := d.fetch(reqCtx, id)
			d.mu.Lock()
			defer d.mu.Unlock()
			f.result, f.done = r, true
			if d.inFlight[id] == f {
				delete(d.inFlight, id)
			}
			cancel()
			d.changed.Broadcast()
		}()
	}
	f.waiting++
	for !f.done && ctx.Err() == nil {
		d.changed.Wait()
	}
	if f.done {
		return f.result
	}
	f.waiting--
	if f.waiting == 0 {
		f.cancel()
		if d.inFlight[id] == f {
			delete(d.inFlight, id)
		}
	}
	return lesson.Result{ID: id, Err: ctx.Err()}
}
