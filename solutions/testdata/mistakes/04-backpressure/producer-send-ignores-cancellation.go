// Mistake: the producer waits out a pause in a select with ctx.Done(), but with no pause to wait it hands each id
// over with a plain send, without looking at ctx. Cancelled while no pause holds, each worker takes one more id,
// sees ctx is done and stops; then nobody receives, and the producer waits on its send forever: a goroutine left
// blocked.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/stops_as_promptly_when_cancelled_while_the_producer_waits_to_send,_not_in_a_pause

package main

func (p *pacing) produce(ctx context.Context, n int, jobs chan<- int) {
	defer close(jobs)
	for id := range n {
		if d := time.Duration(p.pause.Load()); d > 0 && !sleep(ctx, d) {
			return
		}
		jobs <- id // wrong: no select, so a cancellation cannot end this wait
	}
}
