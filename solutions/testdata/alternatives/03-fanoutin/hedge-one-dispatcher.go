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
	type event struct {
		id int
		r  lesson.Result
	}
	type request struct {
		ctx    context.Context
		cancel context.CancelFunc
		timer  *time.Timer
		done   bool
	}
	var (
		events  = make(chan event)
		dues    = make(chan int)
		reqs    = map[int]*request{}
		due     []int
		next    int
		free    = workers
		flying  int
		results []lesson.Result
		timers  sync.WaitGroup
	)
	start := func(id int) {
		q := reqs[id]
		free--
		flying++
		go func() { events <- event{id, fetch(q.ctx, id)} }()
	}
	for {
		for free > 0 && ctx.Err() == nil {
			if len(due) > 0 {
				id := due[0]
				due = due[1:]
				if !reqs[id].done {
					start(id)
				}
				continue
			}
			if next < n {
				id := next
				next++
				rctx, cancel := context.WithCancel(ctx)
				q := &request{ctx: rctx, cancel: cancel}
				reqs[id] = q
				timers.Add(1)
				q.timer = time.AfterFunc(after, func() {
					defer timers.Done()
					select {
					case dues <- id:
					case <-rctx.Done():
					}
				})
				start(id)
				continue
			}
			break
		}
		if flying == 0 && (next == n || ctx.Err() != nil) {
			break
		}
		select {
		case e := <-events:
			q := reqs[e.id]
			free++
			flying--
			if !q.done {
				q.done = true
				results = append(results, e.r)
				if q.timer.Stop() {
					timers.Done()
				}
				q.cancel()
			}
		case id := <-dues:
			if !reqs[id].done && ctx.Err() == nil {
				due = append(due, id)
			}
		}
	}
	for _, q := range reqs {
		q.cancel()
	}
	timers.Wait()
	return results
}
