// Mistake: while a pause holds, the loop sets no timer for its end: it looks again only when an answer
// comes. With nothing in flight during the pause, no answer ever comes, and the run stops there for good.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/sends_nothing_while_a_Retry-After_pause_holds

package main

func (d *dispatcher) choose(ctx context.Context, now time.Time) (a attempt, ok bool, wake time.Time) {
	if ctx.Err() != nil || d.inFlight >= d.lim.Limit() {
		return attempt{}, false, time.Time{}
	}
	switch {
	case now.Before(d.lim.PausedUntil()):
		return attempt{}, false, time.Time{} // nothing sent, and nothing to wake the loop at the end of the pause
	case len(d.queue) > 0 && !now.Before(d.queue[0].due):
		return d.queue[0].attempt, true, time.Time{}
	case d.next < d.n:
		return attempt{id: d.next}, true, time.Time{}
	case len(d.queue) > 0:
		return attempt{}, false, d.queue[0].due
	}
	return attempt{}, false, time.Time{}
}
