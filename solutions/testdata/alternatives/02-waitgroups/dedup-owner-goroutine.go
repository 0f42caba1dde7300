// Alternative: channels only, no mutex. One owner goroutine keeps the map of requests in flight, and every
// change to it is a message to the owner: a caller joining, a caller leaving, a request ending. The owner
// runs only while there is work: it ends when the map is empty, and the next message starts a new one (a
// channel of capacity 1 holds a token while an owner runs, so that there is never more than one).
// Replaces: 02-waitgroups/challenge.go
// Removes: Dedup.request, Dedup.leave

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

type Dedup struct {
	fetch lesson.Fetch
	ops   chan op       // messages to the owner
	owner chan struct{} // capacity 1: full while an owner goroutine runs
}

type flight struct {
	id      int
	done    chan struct{} // closed by the owner once result is set
	result  lesson.Result
	waiting int // touched by the owner alone
	cancel  context.CancelFunc
}

// op is one message to the owner: a join (reply set), a leave (left set) or an end (ended set).
type op struct {
	id     int
	reply  chan *flight
	left   *flight
	ended  *flight
	result lesson.Result
}

func NewDedup(fetch lesson.Fetch) *Dedup {
	return &Dedup{fetch: fetch, ops: make(chan op), owner: make(chan struct{}, 1)}
}

func (d *Dedup) Do(ctx context.Context, id int) lesson.Result {
	if err := ctx.Err(); err != nil {
		return lesson.Result{ID: id, Err: err}
	}
	reply := make(chan *flight, 1)
	d.send(op{id: id, reply: reply})
	f := <-reply
	select {
	case <-f.done:
		return f.result
	case <-ctx.Done():
		d.send(op{left: f})
		return lesson.Result{ID: id, Err: ctx.Err()}
	}
}

// send hands o to the owner, starting one if none runs.
func (d *Dedup) send(o op) {
	for {
		select {
		case d.ops <- o:
			return
		case d.owner <- struct{}{}: // no owner runs: this one is ours to start
			go d.own()
		}
	}
}

// own is the owner: it handles messages until no request is in flight, then gives its token back.
func (d *Dedup) own() {
	inFlight := map[int]*flight{}
	for {
		o := <-d.ops
		switch {
		case o.reply != nil:
			f, ok := inFlight[o.id]
			if !ok {
				ctx, cancel := context.WithCancel(context.Background())
				f = &flight{id: o.id, done: make(chan struct{}), cancel: cancel}
				inFlight[o.id] = f
				go func() {
					r := d.fetch(ctx, f.id)
					d.send(op{ended: f, result: r})
				}()
			}
			f.waiting++
			o.reply <- f
		case o.left != nil:
			f := o.left
			f.waiting--
			if f.waiting == 0 && inFlight[f.id] == f {
				f.cancel()
				delete(inFlight, f.id)
			}
		case o.ended != nil:
			f := o.ended
			if inFlight[f.id] == f {
				delete(inFlight, f.id)
			}
			f.cancel()
			f.result = o.result
			close(f.done)
		}
		if len(inFlight) == 0 {
			<-d.owner
			return
		}
	}
}
