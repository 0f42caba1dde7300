// Mistake: the producer reads the pause once, before its loop, when the monitor has not sampled yet: it waits 0
// before every request, whatever the monitor sets later. The pause is read before each dispatch.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/waits_the_pause_the_monitor_sets_between_two_dispatches

package main

func (p *pacing) produce(ctx context.Context, n int, jobs chan<- int) {
	defer close(jobs)
	d := time.Duration(p.pause.Load()) // wrong: read once, before the first sample
	for id := range n {
		if !sleep(ctx, d) {
			return
		}
		select {
		case jobs <- id:
		case <-ctx.Done():
			return
		}
	}
}
