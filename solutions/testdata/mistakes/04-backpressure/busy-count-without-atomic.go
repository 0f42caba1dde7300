// Mistake: the workers count themselves busy in a plain int, which the monitor reads: every worker writes it and
// the monitor reads it from other goroutines with nothing to order them, a data race (and increments lost between
// two workers).
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/shares_the_pause_between_the_monitor_and_the_dispatcher_without_a_data_race

package main

func Throttled(ctx context.Context, n, workers int, fetch lesson.Fetch, th Throttle) []lesson.Result {
	// Throttled owns the monitor: stop cancels it when the run ends, even if ctx never is.
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	var p pacing
	var monitor sync.WaitGroup
	monitor.Go(func() {
		Monitor(ctx, th, func() int { return p.busy }, func(d time.Duration) { p.pause.Store(int64(d)) })
	})
	results := p.pool(ctx, n, workers, fetch)
	stop()
	monitor.Wait()
	return results
}

type pacing struct {
	busy  int          // wrong: written by every worker, read by the monitor
	pause atomic.Int64 // a time.Duration: written by the monitor, read by the producer
}

func (p *pacing) work(ctx context.Context, fetch lesson.Fetch, jobs <-chan int, results chan<- lesson.Result) {
	for id := range jobs {
		if ctx.Err() != nil {
			return
		}
		p.busy++
		r := fetch(ctx, id)
		p.busy--
		results <- r
	}
}
