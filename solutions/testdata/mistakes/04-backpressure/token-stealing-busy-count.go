// Mistake: the original project's busy signal: a channel of 1,000 tokens, a non-blocking send before fetch and
// an unconditional receive after it. Past 1,000 busy workers the send is skipped, so the count stops
// growing; the receive then takes another worker's token, and in the end blocks forever.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/counts_busy_workers_exactly,_even_1,200_of_them

package main

func Throttled(ctx context.Context, n, workers int, fetch lesson.Fetch, th Throttle) []lesson.Result {
	// Throttled owns the monitor: stop cancels it when the run ends, even if ctx never is.
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	p := pacing{busy: make(chan struct{}, 1000)}
	var monitor sync.WaitGroup
	monitor.Go(func() {
		Monitor(ctx, th, func() int { return len(p.busy) }, func(d time.Duration) { p.pause.Store(int64(d)) })
	})
	results := p.pool(ctx, n, workers, fetch)
	stop()
	monitor.Wait()
	return results
}

type pacing struct {
	busy  chan struct{} // one token per busy worker, as many as fit
	pause atomic.Int64  // a time.Duration: written by the monitor, read by the producer
}

func (p *pacing) work(ctx context.Context, fetch lesson.Fetch, jobs <-chan int, results chan<- lesson.Result) {
	for id := range jobs {
		if ctx.Err() != nil {
			return
		}
		select {
		case p.busy <- struct{}{}: // signal busy
		default:
		}
		r := fetch(ctx, id)
		<-p.busy // signal done
		results <- r
	}
}
