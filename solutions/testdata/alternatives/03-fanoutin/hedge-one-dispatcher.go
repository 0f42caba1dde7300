// Alternative: one goroutine, Hedged's own, owns every piece of state: the free places, the requests, the
// hedges due. The attempts report their answers on one channel, the hedges' timers (time.AfterFunc) that
// a hedge is due on another; the loop starts what the free places allow, hedges due first, and ends once
// no attempt is in flight and nothing is left to start.
// Replaces: 03-fanoutin/challenge.go
// Removes: sendIDs, hedgeEach, closeAfter, hedge, hedgedRequest, newHedgedRequest, hedgedRequest.attempt,
// hedgedRequest.run, hedgedRequest.firstAnswer, hedgedRequest.sendHedge, hedgedRequest.stop

package main

import (
	"context"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Hedged(ctx context.Context, n, workers int, fetch lesson.Fetch, after time.Duration) []lesson.Result {
	d := &dispatcher{ctx: ctx, n: n, fetch: fetch, after: after, free: workers,
		answers: make(chan hedgeAnswer), dues: make(chan int), reqs: map[int]*dispatched{}}
	for {
		d.fill()
		if d.flying == 0 && (d.next == n || ctx.Err() != nil) {
			break
		}
		select {
		case a := <-d.answers:
			d.answered(a)
		case id := <-d.dues:
			if !d.reqs[id].done && ctx.Err() == nil {
				d.due = append(d.due, id)
			}
		}
	}
	for _, q := range d.reqs {
		q.cancel()
	}
	d.timers.Wait()
	return d.results
}

// dispatcher is Hedged's state, which only Hedged's own goroutine touches; the attempts and the timers
// talk to it on answers and dues.
type dispatcher struct {
	ctx     context.Context
	n       int
	fetch   lesson.Fetch
	after   time.Duration
	answers chan hedgeAnswer // each attempt's answer
	dues    chan int         // a request whose hedge is due
	reqs    map[int]*dispatched
	due     []int // hedges due, waiting for a free place
	next    int   // the next new request
	free    int   // places free
	flying  int   // attempts in flight
	results []lesson.Result
	timers  sync.WaitGroup // the hedges' timers that have not ended
}

type hedgeAnswer struct {
	id int
	r  lesson.Result
}

// dispatched is a request: its ctx, cancelled once it has its answer, and its hedge's timer.
type dispatched struct {
	ctx    context.Context
	cancel context.CancelFunc
	timer  *time.Timer
	done   bool
}

// fill starts what the free places allow: the hedges due first, then new requests.
func (d *dispatcher) fill() {
	for d.free > 0 && d.ctx.Err() == nil {
		if len(d.due) > 0 {
			id := d.due[0]
			d.due = d.due[1:]
			if !d.reqs[id].done {
				d.start(id)
			}
			continue
		}
		if d.next < d.n {
			d.begin(d.next)
			d.next++
			continue
		}
		return
	}
}

// begin starts a new request, and the timer that makes its hedge due after d.after.
func (d *dispatcher) begin(id int) {
	rctx, cancel := context.WithCancel(d.ctx)
	q := &dispatched{ctx: rctx, cancel: cancel}
	d.reqs[id] = q
	d.timers.Add(1)
	q.timer = time.AfterFunc(d.after, func() {
		defer d.timers.Done()
		select {
		case d.dues <- id:
		case <-rctx.Done():
		}
	})
	d.start(id)
}

// start makes an attempt of request id in a place of its own.
func (d *dispatcher) start(id int) {
	q := d.reqs[id]
	d.free--
	d.flying++
	go func() { d.answers <- hedgeAnswer{id, d.fetch(q.ctx, id)} }()
}

// answered frees the answer's place; the first answer of a request is its result, and ends its timer and
// its other attempt.
func (d *dispatcher) answered(a hedgeAnswer) {
	q := d.reqs[a.id]
	d.free++
	d.flying--
	if q.done {
		return
	}
	q.done = true
	d.results = append(d.results, a.r)
	if q.timer.Stop() {
		d.timers.Done()
	}
	q.cancel()
}
