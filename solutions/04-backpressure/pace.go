// Package backpressure is the reference solution of lesson 04-backpressure.
package backpressure

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Throttle is the original project's pacing rule: every Every, count the busy workers; above High, pause
// Step longer between two dispatches, up to Max; below Low, stop pausing.
type Throttle struct {
	Every time.Duration // how often the monitor counts the busy workers
	High  int           // more busy workers than this: the pause grows by Step
	Low   int           // fewer busy workers than this: the pause drops to 0
	Step  time.Duration // how much the pause grows at each busy sample
	Max   time.Duration // the longest pause
}

// Original is the original project's numbers.
var Original = Throttle{Every: 100 * time.Millisecond, High: 10, Low: 3, Step: 5 * time.Millisecond, Max: 50 * time.Millisecond}

// Monitor paces a pool by its own busy workers: every th.Every it samples busy() and works out, from that
// one sample, the pause to wait between two requests, which it publishes with set. It returns once ctx is
// done.
//
// Its contract, which the tests check:
//   - The first sample is one th.Every after the call, then one every th.Every: busy is called once per
//     sample, never more.
//   - The pause starts at 0, at every call. After each sample: more busy workers than th.High add th.Step
//     to it, but it never passes th.Max, also when th.Step does not divide th.Max; fewer than th.Low set it
//     back to 0; anything in between keeps it.
//   - After each sample, the pause worked out from it is in force: set has been called with it (at least
//     whenever it changed). The pause is Monitor's own; set is how other goroutines see it, and the caller
//     makes set store it where they can read it safely.
//   - Monitor blocks until ctx is done, then returns at once, leaving nothing running behind it. Its caller
//     runs it in a goroutine, and waits for it.
func Monitor(ctx context.Context, th Throttle, busy func() int, set func(time.Duration)) {
	ticker := time.NewTicker(th.Every)
	defer ticker.Stop()
	var pause time.Duration // only this goroutine touches it: set publishes it
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		switch b := busy(); {
		case b > th.High:
			pause = min(pause+th.Step, th.Max)
		case b < th.Low:
			pause = 0
		}
		set(pause)
	}
}

// Throttled makes requests 0 to n-1 with lesson 03's pool (a producer handing the ids to workers
// goroutines over a jobs channel; their results collected from a results channel that is closed once every
// worker is done), paced by a Monitor run with th. It returns one result per request, in any order.
//
// Its contract, which the tests check:
//   - At most workers requests are in flight at once, and every request's result is returned, whatever it
//     is.
//   - The workers busy inside fetch are counted exactly, however many there are (1,200 too), without ever
//     blocking one; that count is what the Monitor samples.
//   - The pause the Monitor sets spaces the requests: each request starts at least the pause in force after
//     the one before it (no pause before the first sample).
//   - The count and the pause are shared between goroutines: without a data race.
//   - Throttled owns its Monitor: it stops it and waits for it to return before it returns itself, whether
//     or not ctx was cancelled.
//   - Once ctx is cancelled no request starts, whether the pool was pausing, handing over an id or fetching
//     at that moment; the requests in flight end with ctx's error, and their results are returned like any
//     other. Throttled returns once every goroutine it started has ended.
func Throttled(ctx context.Context, n, workers int, fetch lesson.Fetch, th Throttle) []lesson.Result {
	// Throttled owns the monitor: stop cancels it when the run ends, even if ctx never is.
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	var p pacing
	var monitor sync.WaitGroup
	monitor.Go(func() {
		Monitor(ctx, th, func() int { return int(p.busy.Load()) }, func(d time.Duration) { p.pause.Store(int64(d)) })
	})
	results := p.pool(ctx, n, workers, fetch)
	stop()
	monitor.Wait()
	return results
}

// pacing is what Throttled's goroutines share. Atomics make each read and write whole and ordered.
type pacing struct {
	busy  atomic.Int64 // the workers inside fetch: written by the workers, read by the monitor
	pause atomic.Int64 // a time.Duration: written by the monitor, read by the producer
}

// pool is lesson 03's pool, paced: a producer hands the ids 0 to n-1 to workers goroutines over jobs, and
// their results come back over results, which is closed once every worker is done. It returns one result
// per request it started, once every goroutine it started has ended.
func (p *pacing) pool(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)
	go p.produce(ctx, n, jobs)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { p.work(ctx, fetch, jobs, results) })
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}

// produce hands the ids 0 to n-1 over jobs, each once the pause in force after the one before is over, and
// closes jobs, its own channel, when it stops: every id handed over, or ctx cancelled (while pausing or
// waiting for a worker).
func (p *pacing) produce(ctx context.Context, n int, jobs chan<- int) {
	defer close(jobs)
	for id := range n {
		if !sleep(ctx, time.Duration(p.pause.Load())) {
			return
		}
		select {
		case jobs <- id:
		case <-ctx.Done():
			return
		}
	}
}

// work fetches the ids it takes from jobs, counted busy while it does, and sends each result, until jobs
// is closed; once ctx is cancelled it starts no request.
func (p *pacing) work(ctx context.Context, fetch lesson.Fetch, jobs <-chan int, results chan<- lesson.Result) {
	for id := range jobs {
		if ctx.Err() != nil {
			return
		}
		p.busy.Add(1)
		r := fetch(ctx, id)
		p.busy.Add(-1)
		// No select: the collector reads results until it is closed (lesson 03), so this send always
		// completes, and a request cut short by a cancellation keeps its result.
		results <- r
	}
}

// sleep waits for d, and reports false if ctx was done first.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
