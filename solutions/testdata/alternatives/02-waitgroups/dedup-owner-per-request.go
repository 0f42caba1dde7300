// Alternative: each request in flight has an owner goroutine, which alone keeps the count of its callers:
// they join and leave by sending on its channels, so the count needs no lock. A mutex guards only the map
// from id to request. The owner returns when the answer comes or its last caller leaves, closing a channel
// that turns away later joiners, who then look again and start a new request.
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
	inFlight map[int]*flight
}

type flight struct {
	join, leave chan struct{} // a caller joins, or leaves; only the owner receives
	answered    chan struct{} // closed once result is set
	ended       chan struct{} // closed once the owner takes no more joins: answered, or abandoned
	result      lesson.Result
}

func (d *Dedup) Do(ctx context.Context, id int) lesson.Result {
	for {
		if err := ctx.Err(); err != nil {
			return lesson.Result{ID: id, Err: err}
		}
		f := d.flightFor(ctx, id)
		select {
		case f.join <- struct{}{}:
		case <-f.ended:
			continue // it ended between the lookup and the join: look again
		case <-ctx.Done():
			continue
		}
		select {
		case <-f.answered:
			return f.result
		case <-ctx.Done():
			select {
			case f.leave <- struct{}{}:
			case <-f.ended: // answered meanwhile: nobody to tell
			}
			return lesson.Result{ID: id, Err: ctx.Err()}
		}
	}
}

// flightFor returns the request in flight for id, starting one, and its owner, if there is none.
func (d *Dedup) flightFor(ctx context.Context, id int) *flight {
	d.mu.Lock()
	defer d.mu.Unlock()
	if f, ok := d.inFlight[id]; ok {
		return f
	}
	f := &flight{join: make(chan struct{}), leave: make(chan struct{}), answered: make(chan struct{}), ended: make(chan struct{})}
	d.inFlight[id] = f
	go d.own(context.WithoutCancel(ctx), id, f)
	return f
}

// own makes f's request and counts its callers. It returns when the answer comes, or when the last caller
// leaves: then its deferred cancel stops the request, whose goroutine ends into the buffered answer.
func (d *Dedup) own(ctx context.Context, id int, f *flight) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answer := make(chan lesson.Result, 1)
	go func() { answer <- d.fetch(ctx, id) }()
	callers := 0
	for {
		select {
		case <-f.join:
			callers++
		case <-f.leave:
			if callers--; callers > 0 {
				continue
			}
			d.forget(id, f)
			close(f.ended)
			return
		case r := <-answer:
			d.forget(id, f)
			f.result = r
			close(f.answered)
			close(f.ended)
			return
		}
	}
}

// forget takes f out of the requests in flight, if it is still there.
func (d *Dedup) forget(id int, f *flight) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.inFlight[id] == f {
		delete(d.inFlight, id)
	}
}
