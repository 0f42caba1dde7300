// Mistake: a Change is recorded only when the limit goes up: the cuts are missing, and the report shows a limit
// that only ever climbed, through every overload.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/records_every_change_of_the_limit:_the_rises_and_the_cuts,_each_when_it_happens

package main

func (d *dispatcher) recordChange() {
	if d.lim.Limit() > d.changes[len(d.changes)-1].Limit { // wrong: the cuts are changes too
		d.changes = append(d.changes, Change{time.Since(d.start), d.lim.Limit()})
	}
}
