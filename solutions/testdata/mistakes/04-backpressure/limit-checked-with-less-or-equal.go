// Mistake: the loop sends while the requests in flight are at most the limit, not fewer than it: one request more
// in flight than the limit allows, all the time.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/never_has_more_requests_in_flight_than_the_limit

package main

func (d *dispatcher) choose(ctx context.Context, now time.Time) (a attempt, ok bool, wake time.Time) {
	if ctx.Err() != nil || d.inFlight > d.lim.Limit() { // wrong: one too many
		return attempt{}, false, time.Time{}
	}
	switch {
	case now.Before(d.lim.PausedUntil()):
		return attempt{}, false, d.lim.PausedUntil()
	case len(d.queue) > 0 && !now.Before(d.queue[0].due):
		return d.queue[0].attempt, true, time.Time{}
	case d.next < d.n:
		return attempt{id: d.next}, true, time.Time{}
	case len(d.queue) > 0:
		return attempt{}, false, d.queue[0].due
	}
	return attempt{}, false, time.Time{}
}
