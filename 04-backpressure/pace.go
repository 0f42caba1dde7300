//go:build !solution

package main

import (
	"context"
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

// Monitor counts the busy workers with busy() every th.Every, works out the new pause and calls set with it
// after each sample, until ctx is done.
//
// Its contract, which the tests check:
//   - The pause starts at 0. After each sample: more busy workers than th.High add th.Step (but never past
//     th.Max); fewer than th.Low set it back to 0; anything between keeps it.
//   - Monitor keeps the pause in a variable of its own: only its goroutine touches it. set is how it
//     publishes it; whoever reads it elsewhere needs set to store it safely (an atomic, or a mutex).
//   - It blocks until ctx is done, then stops its ticker and returns at once. Its caller runs it in a
//     goroutine, and waits for it to return.
func Monitor(ctx context.Context, th Throttle, busy func() int, set func(time.Duration)) {
	// TODO: make a ticker that ticks every th.Every, and stop it when Monitor returns (defer).
	// TODO: loop: wait in a select for either the next tick or ctx.Done() (then return).
	// TODO: at each tick, sample busy() once, work out the new pause as the contract says, and call set.
}

// Throttled makes requests 0 to n-1 with a pool of workers goroutines, as FanOutIn does in lesson 03, and
// waits the pause th calls for before each dispatch. It returns one result per request, in the order they
// finish.
//
// Its contract, which the tests check:
//   - The pool is lesson 03's: a producer sends the ids on a jobs channel and closes it; workers goroutines
//     fetch and send each result, whatever it is, on a results channel, which one closer closes once every
//     worker is done; Throttled collects the results until results is closed, never stopping early.
//   - The workers count how many of them are busy (inside fetch): exactly, however many workers there are,
//     and without ever blocking on the count.
//   - A Monitor goroutine samples that count and sets the pause; the producer reads the pause before each
//     dispatch and waits that long. Both are shared between goroutines: share them safely. jobs stays
//     unbuffered, so that the pause spaces the requests themselves: ids waiting in a buffer would leave
//     all at once.
//   - Throttled owns the monitor: it stops it (by cancelling a context derived from ctx) and waits for it
//     before returning, whether or not ctx was cancelled.
//   - Once ctx is cancelled: no more dispatch (the pause too waits in a select with ctx.Done()), no worker
//     starts another request, the requests in flight end early with ctx's error and their results are
//     collected like any other; Throttled returns once every goroutine it started has ended.
func Throttled(ctx context.Context, n, workers int, fetch lesson.Fetch, th Throttle) []lesson.Result {
	// TODO: derive a context you can cancel, for the monitor: ctx, stop := context.WithCancel(ctx).
	// TODO: keep the busy count and the pause where several goroutines can share them safely: sync/atomic's
	//       atomic.Int64 (Add, Load, Store), or a mutex.
	// TODO: start Monitor in a goroutine you can wait for (a sync.WaitGroup), with busy reading the count and
	//       set storing the pause.
	// TODO: start lesson 03's pool. The producer waits the current pause before sending each id (a timer in
	//       a select with ctx.Done()); each worker counts itself busy around fetch.
	// TODO: collect the results until results is closed; then stop the monitor, wait for it, and return them.
	return nil
}
