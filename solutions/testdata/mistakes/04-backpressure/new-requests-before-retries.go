// Mistake: the loop sends new requests first, and a retry only when no new id is left: a request refused early
// waits for its retry until the very end of the run, though it was due long before.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/sends_the_retry_due_first_first,_and_a_retry_that_is_due_before_any_new_request

package main

func (d *dispatcher) choose(ctx context.Context, now time.Time) (a attempt, ok bool, wake time.Time) {
	if ctx.Err() != nil || d.inFlight >= d.lim.Limit() {
		return attempt{}, false, time.Time{}
	}
	switch {
	case now.Before(d.lim.PausedUntil()):
		return attempt{}, false, d.lim.PausedUntil()
	case d.next < d.n: // wrong: a retry that is due goes first
		return attempt{id: d.next}, true, time.Time{}
	case len(d.queue) > 0 && !now.Before(d.queue[0].due):
		return d.queue[0].attempt, true, time.Time{}
	case len(d.queue) > 0:
		return attempt{}, false, d.queue[0].due
	}
	return attempt{}, false, time.Time{}
}
