// Mistake: the producer waits out the pause with time.Sleep, which no cancellation cuts short: after Ctrl-C it
// sleeps on, and Throttled returns late.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/stops_promptly_when_cancelled,_keeps_the_results_cut_short,_and_leaves_no_goroutine
// Removes: sleep

package main

func (p *pacing) produce(ctx context.Context, n int, jobs chan<- int) {
	defer close(jobs)
	for id := range n {
		time.Sleep(time.Duration(p.pause.Load())) // wrong: deaf to ctx until the pause is over
		select {
		case jobs <- id:
		case <-ctx.Done():
			return
		}
	}
}
