// Mistake: the producer never closes jobs once it has sent every id: the workers wait on it forever, the closer
// never closes results, and Throttled never returns.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/returns_one_result_per_request,_with_at_most_W_in_flight

package main

func (p *pacing) produce(ctx context.Context, n int, jobs chan<- int) {
	// wrong: jobs is never closed, so the workers never stop
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
