// Mistake: the original project's delay: the monitor writes the pause and the producer reads it, a plain
// time.Duration with no atomic and no mutex. A data race, which `go test -race` reports.
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
		Monitor(ctx, th, func() int { return int(p.busy.Load()) }, func(d time.Duration) { p.pause = d })
	})
	results := p.pool(ctx, n, workers, fetch)
	stop()
	monitor.Wait()
	return results
}

type pacing struct {
	busy  atomic.Int64  // the workers inside fetch: written by the workers, read by the monitor
	pause time.Duration // wrong: written by the monitor, read by the producer
}

func (p *pacing) produce(ctx context.Context, n int, jobs chan<- int) {
	defer close(jobs)
	for id := range n {
		if !sleep(ctx, p.pause) {
			return
		}
		select {
		case jobs <- id:
		case <-ctx.Done():
			return
		}
	}
}
