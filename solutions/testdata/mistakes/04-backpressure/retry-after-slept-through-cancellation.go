// Mistake: Backpressure's loop waits out a Retry-After pause with time.Sleep instead of a timer in its select:
// nothing is sent during the pause, as the server asked, but a cancellation that comes during it waits for the
// pause to end, and Backpressure returns late.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/stops_promptly_when_cancelled,_keeps_the_results_cut_short,_and_leaves_no_goroutine

package main

func (d *dispatcher) choose(ctx context.Context, now time.Time) (a attempt, ok bool, wake time.Time) {
	if ctx.Err() != nil || d.inFlight >= d.lim.Limit() {
		return attempt{}, false, time.Time{}
	}
	switch {
	case now.Before(d.lim.PausedUntil()):
		time.Sleep(d.lim.PausedUntil().Sub(now)) // deaf to ctx, and to the answers, until the pause ends
		return d.choose(ctx, time.Now())
	case len(d.queue) > 0 && !now.Before(d.queue[0].due):
		return d.queue[0].attempt, true, time.Time{}
	case d.next < d.n:
		return attempt{id: d.next}, true, time.Time{}
	case len(d.queue) > 0:
		return attempt{}, false, d.queue[0].due
	}
	return attempt{}, false, time.Time{}
}
