// Mistake: an answer takes its request out of the count in flight before the limiter hears of it, so
// Succeeded is given one less than the contract says: at limit 1 it hears of 0 in flight, less than half the
// limit, and the limit never rises. 1,000 requests go one at a time.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/keeps_the_limit_between_half_the_capacity_and_two_above_it,_once_warmed_up

package main

func (d *dispatcher) answered(ctx context.Context, ans answer) {
	d.inFlight-- // wrong: Succeeded is told one fewer in flight than when the answer came
	r := ans.result
	if overloadSignal(r) {
		d.refused(ctx, ans)
	} else {
		if r.Err == nil {
			d.lim.Succeeded(d.inFlight)
		}
		d.results = append(d.results, r)
	}
	d.recordChange()
}
