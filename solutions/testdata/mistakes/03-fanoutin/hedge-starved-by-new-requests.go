// Mistake: one goroutine hands out the places, and always serves a new request before a hedge that is
// due. While there is work, every place that frees goes to the next request, and a hedge goes out only
// once no request is left: on a busy pool, hedging does nothing at all. A hedge waits for a place in its
// turn, before the requests that come to wait after it.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/lets_no_request_that_comes_to_wait_for_a_place_after_a_hedge_is_due_go_before_it
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
	type answer struct {
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
		answers = make(chan answer)
		dues    = make(chan int)
		reqs    = map[int]*request{}
		due     []int // hedges due, waiting for a place
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
		go func() { answers <- answer{id, fetch(q.ctx, id)} }()
	}
	for {
		for free > 0 && ctx.Err() == nil {
			if next < n { // a new request first, whatever is due
				id := next
				next++
				rctx, cancel := context.WithCancel(ctx)
				reqs[id] = &request{ctx: rctx, cancel: cancel}
				timers.Add(1)
				reqs[id].timer = time.AfterFunc(after, func() {
					defer timers.Done()
					select {
					case dues <- id:
					case <-rctx.Done():
					}
				})
				start(id)
				continue
			}
			if len(due) > 0 {
				id := due[0]
				due = due[1:]
				if !reqs[id].done {
					start(id)
				}
				continue
			}
			break
		}
		if flying == 0 && (next == n || ctx.Err() != nil) {
			break
		}
		select {
		case a := <-answers:
			q := reqs[a.id]
			free++
			flying--
			if !q.done {
				q.done = true
				results = append(results, a.r)
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
