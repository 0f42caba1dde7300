// Mistake: Backpressure returns the limit it started with as its only Change, and never records the changes
// that follow: the pool adapts, but nothing shows how, and the report's chart of the limit is one flat line at 1.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/records_every_change_of_the_limit:_the_rises_and_the_cuts,_each_when_it_happens

package main

func (d *dispatcher) answered(ctx context.Context, ans answer) {
	r := ans.result
	if overloadSignal(r) {
		d.refused(ctx, ans)
	} else {
		if r.Err == nil {
			d.lim.Succeeded(d.inFlight)
		}
		d.results = append(d.results, r)
	}
	d.inFlight-- // wrong: and the change of the limit, if any, is never recorded
}
