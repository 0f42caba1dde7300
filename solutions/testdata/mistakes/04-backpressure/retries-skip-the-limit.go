// Mistake: a retry that is due is sent at once, without checking the limit: only new requests wait for a free
// slot. After a refusal, the retries come on top of a full limit, more than the server can take, and are
// refused again.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/never_has_more_requests_in_flight_than_the_limit

package main

func (d *dispatcher) choose(ctx context.Context, now time.Time) (a attempt, ok bool, wake time.Time) {
	if ctx.Err() != nil {
		return attempt{}, false, time.Time{}
	}
	switch {
	case now.Before(d.lim.PausedUntil()):
		return attempt{}, false, d.lim.PausedUntil()
	case len(d.queue) > 0 && !now.Before(d.queue[0].due): // a retry: the limit is not checked
		return d.queue[0].attempt, true, time.Time{}
	case d.next < d.n && d.inFlight < d.lim.Limit():
		return attempt{id: d.next}, true, time.Time{}
	case len(d.queue) > 0:
		return attempt{}, false, d.queue[0].due
	}
	return attempt{}, false, time.Time{}
}
