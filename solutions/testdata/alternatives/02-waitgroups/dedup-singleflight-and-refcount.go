// Alternative: golang.org/x/sync/singleflight shares the request (Group.DoChan, so that a caller can
// still leave on its ctx), and what singleflight lacks is added beside it: a count of the callers waiting
// for each id and a context of the request's own, so that the last caller out cancels the request and
// Forgets it, and the next caller starts a new one.
// Replaces: 02-waitgroups/challenge.go
// Removes: Dedup.request, Dedup.leave

package main

import (
	"context"
	"strconv"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

type Dedup struct {
	fetch lesson.Fetch
	group singleflight.Group

	mu       sync.Mutex // guards inFlight, and keeps it and group's keys in step
	inFlight map[int]*flight
}

type flight struct {
	ctx     context.Context // the request's own
	cancel  context.CancelFunc
	waiting int
}

func NewDedup(fetch lesson.Fetch) *Dedup {
	return &Dedup{fetch: fetch, inFlight: map[int]*flight{}}
}

func (d *Dedup) Do(ctx context.Context, id int) lesson.Result {
	if err := ctx.Err(); err != nil {
		return lesson.Result{ID: id, Err: err}
	}
	key := strconv.Itoa(id)
	d.mu.Lock()
	f, ok := d.inFlight[id]
	if !ok {
		reqCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{ctx: reqCtx, cancel: cancel}
		d.inFlight[id] = f
	}
	f.waiting++
	answer := d.group.DoChan(key, func() (any, error) {
		r := d.fetch(f.ctx, id)
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.inFlight[id] == f { // still the id's request: end it for singleflight too
			delete(d.inFlight, id)
			d.group.Forget(key)
		}
		f.cancel()
		return r, nil
	})
	d.mu.Unlock()

	select {
	case res := <-answer:
		return res.Val.(lesson.Result)
	case <-ctx.Done():
		d.mu.Lock()
		defer d.mu.Unlock()
		f.waiting--
		if f.waiting == 0 && d.inFlight[id] == f {
			f.cancel()
			delete(d.inFlight, id)
			d.group.Forget(key) // the next caller starts a new request instead of joining the cancelled one
		}
		return lesson.Result{ID: id, Err: ctx.Err()}
	}
}
