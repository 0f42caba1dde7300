// Mistake: a retry that is due is sent whenever the loop looks, without checking the limit; the loop looks
// only when an answer comes or, while the limit has room, when something falls due. Most of the time the
// answer that woke it made room; but after a cut, with more requests in flight than the new limit, a lone
// answer lets the due retry through over the limit.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/never_has_more_requests_in_flight_than_the_limit

package main

func (d *dispatcher) choose(ctx context.Context, now time.Time) (a attempt, ok bool, wake time.Time) {
	if ctx.Err() != nil {
		return attempt{}, false, time.Time{}
	}
	room := d.inFlight < d.lim.Limit()
	switch {
	case now.Before(d.lim.PausedUntil()):
		if room {
			return attempt{}, false, d.lim.PausedUntil()
		}
	case len(d.queue) > 0 && !now.Before(d.queue[0].due): // a retry: the limit is not checked
		return d.queue[0].attempt, true, time.Time{}
	case d.next < d.n && room:
		return attempt{id: d.next}, true, time.Time{}
	case len(d.queue) > 0 && room:
		return attempt{}, false, d.queue[0].due
	}
	return attempt{}, false, time.Time{}
}
