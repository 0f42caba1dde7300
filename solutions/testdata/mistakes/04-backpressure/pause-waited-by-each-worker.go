// Mistake: the workers wait the pause, each before its own request, instead of the producer before each
// hand-over: the four workers wait it side by side, and their requests still leave together.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/waits_the_pause_the_monitor_sets_between_two_dispatches

package main

func (p *pacing) produce(ctx context.Context, n int, jobs chan<- int) {
	defer close(jobs)
	for id := range n {
		select {
		case jobs <- id:
		case <-ctx.Done():
			return
		}
	}
}

func (p *pacing) work(ctx context.Context, fetch lesson.Fetch, jobs <-chan int, results chan<- lesson.Result) {
	for id := range jobs {
		if !sleep(ctx, time.Duration(p.pause.Load())) { // each worker waits the pause, side by side
			return
		}
		p.busy.Add(1)
		r := fetch(ctx, id)
		p.busy.Add(-1)
		results <- r
	}
}
