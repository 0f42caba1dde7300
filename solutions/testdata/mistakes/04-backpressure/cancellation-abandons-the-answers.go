// Mistake: once ctx is cancelled the loop ends at once, without waiting for the attempts in flight: their workers
// wait forever to hand over their answers, closing jobs and waiting for the workers never ends, and those requests
// have no result.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/stops_promptly_when_cancelled,_keeps_the_results_cut_short,_and_leaves_no_goroutine

package main

func (d *dispatcher) dispatch(ctx context.Context, jobs chan<- attempt, answers <-chan answer) {
	done := ctx.Done()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		now := time.Now()
		a, ok, wake := d.choose(ctx, now)
		if !ok && d.finished(ctx) {
			return
		}
		var send chan<- attempt
		if ok {
			send = jobs
		}
		var alarm <-chan time.Time
		if !wake.IsZero() {
			timer.Reset(wake.Sub(now))
			alarm = timer.C
		}
		select {
		case send <- a:
			d.sent(a)
		case ans := <-answers:
			d.answered(ctx, ans)
		case <-alarm:
		case <-done:
			done = nil
			d.inFlight = 0 // wrong: the attempts in flight still answer
		}
	}
}
