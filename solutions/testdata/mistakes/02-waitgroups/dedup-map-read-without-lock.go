// Mistake: Do looks the id up in the map before taking the lock, and takes it only to change the map. A
// read of a map while another goroutine writes it is a data race (-race reports it; without -race, Go may
// crash with "concurrent map read and map write"), and two callers may both find nothing and send two
// requests. The lookup and the change it leads to belong under one lock.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/shares_the_request_in_flight_with_every_caller_who_asks_for_the_same_id

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func (d *Dedup) Do(ctx context.Context, id int) lesson.Result {
	if err := ctx.Err(); err != nil {
		return lesson.Result{ID: id, Err: err}
	}
	f, ok := d.inFlight[id] // read without the lock
	d.mu.Lock()
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
