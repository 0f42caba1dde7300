package lessontest

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Outage is a stretch of the fake server's time, from From to To (since it started; To not included), in
// which every attempt that arrives is answered 500 at once, without latency, as the real server's -outage
// does. Attempts already in flight when it begins end as they would have. The zero Outage is none; To
// Never is an outage that never ends.
//
// "At once" is one nanosecond here: the fake's own wait is the shortest it can be without a timer of zero
// length, which in a synctest bubble under the race detector crashes the runtime (Go 1.26).
type Outage struct {
	From, To time.Duration
}

// Never is the end of an outage that never ends.
const Never = time.Duration(math.MaxInt64)

// down reports whether the outage is on at since.
func (o Outage) down(since time.Duration) bool {
	return since >= o.From && since < o.To
}

// RunOutage is Run against the fake server with an outage: an attempt that arrives while it is on gets a
// 500 at once; any other takes the scenario's Latency (giving up after GiveUp once its ctx is done, with
// ctx's error, recorded as Canceled) and gets the scenario's Answer. Every attempt is recorded in the
// Outcome like any other. The scenario's Capacity is not used.
func RunOutage[T any](t *testing.T, fn string, sc Scenario, outage Outage, pattern Pattern[T]) Outcome[T] {
	t.Helper()
	d := &downtime{outage: outage, ctxs: map[outageKey]context.Context{}, made: map[int]int{}, cut: map[outageKey]bool{}}
	latency, answer := sc.Latency, sc.Answer
	// The fake server waits its Latency, then asks Answer. With a Latency of its own of one nanosecond, it
	// asks as the attempt arrives: the outage answers then, and any other attempt waits the rest of its
	// latency here, which the fake counts as the attempt's time like its own.
	sc.Latency, sc.Capacity = time.Nanosecond, 0
	sc.Answer = func(id, attempt int) Answer {
		down, err := d.wait(id, attempt, latency-time.Nanosecond, sc.GiveUp)
		switch {
		case err != nil:
			return Answer{Err: err}
		case down:
			return Answer{Status: http.StatusInternalServerError}
		}
		if answer != nil {
			return answer(id, attempt)
		}
		return Answer{}
	}
	returned := false
	defer func() {
		if !returned { // Run stopped the test: its message gives the fake's own latency, not the scenario's
			until := fmt.Sprintf("until %v", outage.To)
			if outage.To == Never {
				until = "for good"
			}
			t.Logf("(In this scenario a request takes %v, and is answered 500 at once while the server is down: "+
				"from %v, %s.)", latency, outage.From, until)
		}
	}()
	out := Run(t, fn, sc, func(ctx context.Context, fetch lesson.Fetch) T {
		d.begin()
		return pattern(ctx, d.track(fetch))
	})
	returned = true
	for i, c := range out.Calls {
		if d.wasCut(c.ID, c.Attempt) {
			out.Calls[i].Canceled = true
		}
	}
	return out
}

type outageKey struct{ id, attempt int }

// downtime is the outage's clock, and each attempt's ctx, so that the wait for its latency can end when
// its ctx is done.
type downtime struct {
	outage Outage

	mu    sync.Mutex
	start time.Time
	ctxs  map[outageKey]context.Context
	made  map[int]int        // attempts made so far, by id
	cut   map[outageKey]bool // attempts whose ctx was done during their latency
}

func (d *downtime) begin() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.start = time.Now()
}

// track returns fetch, noting the ctx of each attempt it makes.
func (d *downtime) track(fetch lesson.Fetch) lesson.Fetch {
	return func(ctx context.Context, id int) lesson.Result {
		d.mu.Lock()
		d.ctxs[outageKey{id, d.made[id]}] = ctx
		d.made[id]++
		d.mu.Unlock()
		return fetch(ctx, id)
	}
}

// wait is called as the attempt arrives (a nanosecond after). It reports whether the outage is on, and waits out the attempt's
// latency (none while the outage is on); or, once its ctx is done (or if it already is), waits giveUp and
// returns ctx's error.
func (d *downtime) wait(id, attempt int, latency, giveUp time.Duration) (down bool, err error) {
	key := outageKey{id, attempt}
	d.mu.Lock()
	ctx := d.ctxs[key]
	down = d.outage.down(time.Since(d.start))
	d.mu.Unlock()
	if down {
		latency = 0
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if ctx.Err() == nil {
		if latency <= 0 {
			return down, nil
		}
		timer := time.NewTimer(latency)
		defer timer.Stop()
		select {
		case <-timer.C:
			return down, nil
		case <-ctx.Done():
		}
	}
	if giveUp > 0 {
		time.Sleep(giveUp) // virtual time: a real request takes a moment to tear down
	}
	d.mu.Lock()
	d.cut[key] = true
	d.mu.Unlock()
	return false, ctx.Err()
}

func (d *downtime) wasCut(id, attempt int) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cut[outageKey{id, attempt}]
}
