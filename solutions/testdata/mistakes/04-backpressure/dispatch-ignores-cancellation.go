// Mistake: the loop keeps sending new requests after ctx is cancelled: each fails at once, and the run goes on
// until every id has been tried. Once ctx is cancelled, nothing more is sent.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/stops_promptly_when_cancelled,_keeps_the_results_cut_short,_and_leaves_no_goroutine

package main

func (d *dispatcher) choose(ctx context.Context, now time.Time) (a attempt, ok bool, wake time.Time) {
	if d.inFlight >= d.lim.Limit() { // wrong: not once ctx is cancelled
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

func (d *dispatcher) finished(ctx context.Context) bool {
	return d.inFlight == 0 && d.next == d.n && len(d.queue) == 0 // wrong: nor here
}
