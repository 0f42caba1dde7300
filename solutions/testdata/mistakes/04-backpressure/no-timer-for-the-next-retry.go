// Mistake: the loop sets its timer for the end of a pause, but not for the next retry due: with nothing in flight
// and only retries left to send, nothing wakes it, and the retries wait until an answer comes (at the end of the
// run, none ever does).
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/retries_a_refused_request_as_soon_as_its_wait_is_over,_and_spreads_the_ones_refused_together

package main

func (d *dispatcher) choose(ctx context.Context, now time.Time) (a attempt, ok bool, wake time.Time) {
	if ctx.Err() != nil || d.inFlight >= d.lim.Limit() {
		return attempt{}, false, time.Time{}
	}
	switch {
	case now.Before(d.lim.PausedUntil()):
		return attempt{}, false, d.lim.PausedUntil()
	case len(d.queue) > 0 && !now.Before(d.queue[0].due):
		return d.queue[0].attempt, true, time.Time{}
	case d.next < d.n:
		return attempt{id: d.next}, true, time.Time{}
	}
	return attempt{}, false, time.Time{} // wrong: no timer for the first retry due
}
