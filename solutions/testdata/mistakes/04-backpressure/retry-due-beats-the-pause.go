// Mistake: the loop looks at the queue before the pause: a retry that falls due while a Retry-After pause holds (a
// later refusal asked for a longer one) is sent at the first chance, inside the pause. The pause holds every
// dispatch, retries included: look at it first.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/sends_nothing_while_a_Retry-After_pause_holds

package main

func (d *dispatcher) choose(ctx context.Context, now time.Time) (a attempt, ok bool, wake time.Time) {
	if ctx.Err() != nil || d.inFlight >= d.lim.Limit() {
		return attempt{}, false, time.Time{}
	}
	switch {
	case len(d.queue) > 0 && !now.Before(d.queue[0].due): // wrong: before the pause
		return d.queue[0].attempt, true, time.Time{}
	case now.Before(d.lim.PausedUntil()):
		return attempt{}, false, d.lim.PausedUntil()
	case d.next < d.n:
		return attempt{id: d.next}, true, time.Time{}
	case len(d.queue) > 0:
		return attempt{}, false, d.queue[0].due
	}
	return attempt{}, false, time.Time{}
}
