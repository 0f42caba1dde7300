// Mistake: Succeeded is given the limit instead of the requests in flight: every answer counts as one at a full
// pool, and the limit grows even while the pool uses a fraction of it.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/raises_the_limit_only_for_an_answer_that_came_while_at_least_half_of_it_was_in_use

package main

func (d *dispatcher) answered(ctx context.Context, ans answer) {
	r := ans.result
	if overloadSignal(r) {
		d.refused(ctx, ans)
	} else {
		if r.Err == nil {
			d.lim.Succeeded(d.lim.Limit()) // wrong: how many were in flight
		}
		d.results = append(d.results, r)
	}
	d.inFlight--
	d.recordChange()
}
