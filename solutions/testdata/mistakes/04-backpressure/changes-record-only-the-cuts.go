// Mistake: a Change is recorded only when an answer brings the limit down: the rises are missing, and the report
// shows a limit that only ever fell, below the requests the pool kept in flight.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/records_every_change_of_the_limit:_the_rises_and_the_cuts,_each_when_it_happens

package main

func (d *dispatcher) answered(ctx context.Context, ans answer) {
	before := d.lim.Limit()
	r := ans.result
	if overloadSignal(r) {
		d.refused(ctx, ans)
	} else {
		if r.Err == nil {
			d.lim.Succeeded(d.inFlight)
		}
		d.results = append(d.results, r)
	}
	d.inFlight--
	if d.lim.Limit() < before { // wrong: the rises are changes too
		d.changes = append(d.changes, Change{time.Since(d.start), d.lim.Limit()})
	}
}
