package waitgroups

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Dedup makes one request per id, however many goroutines ask for it at once: the callers who ask for an
// id while its request is in flight share its result. It is safe for concurrent use.
type Dedup struct {
	fetch lesson.Fetch

	mu       sync.Mutex
	inFlight map[int]*flight // the requests in flight, by id; a request leaves it when it ends or is cancelled
}

// flight is one request in flight, and the callers waiting for it.
type flight struct {
	done    chan struct{}      // closed once result is set: wakes every caller waiting
	result  lesson.Result      // written once, before done is closed
	waiting int                // callers waiting for it, guarded by Dedup.mu
	cancel  context.CancelFunc // cancels the request, once nobody waits for it any more
}

// NewDedup returns a Dedup that makes its requests with fetch.
func NewDedup(fetch lesson.Fetch) *Dedup {
	return &Dedup{fetch: fetch, inFlight: map[int]*flight{}}
}

// Do returns the result of a request for id: the one in flight, if there is one, or a new one. A caller
// whose ctx is done returns at once with ctx's error; the request is cancelled when its last caller leaves.
func (d *Dedup) Do(ctx context.Context, id int) lesson.Result {
	if err := ctx.Err(); err != nil {
		return lesson.Result{ID: id, Err: err}
	}

	d.mu.Lock()
	f, ok := d.inFlight[id]
	if !ok {
		// The request's context is its own: no caller's cancellation reaches it (WithoutCancel keeps only
		// the first caller's values). Only the last caller to leave cancels it.
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

// request makes the request of f and hands its result to the callers waiting for it. The goroutine ends
// when fetch returns: at once, once the last caller has left and cancelled it.
func (d *Dedup) request(ctx context.Context, id int, f *flight) {
	r := d.fetch(ctx, id)
	d.mu.Lock()
	if d.inFlight[id] == f { // not already removed by its last caller leaving
		delete(d.inFlight, id)
	}
	d.mu.Unlock()
	f.cancel() // releases the context's resources
	f.result = r
	close(f.done)
}

// leave counts a caller of f out. The last one out cancels the request, and removes it from the requests
// in flight at once, so that a caller who comes after starts a new one instead of joining the cancelled one.
func (d *Dedup) leave(id int, f *flight) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f.waiting--
	if f.waiting == 0 {
		f.cancel()
		if d.inFlight[id] == f {
			delete(d.inFlight, id)
		}
	}
}
