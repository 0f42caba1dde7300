// Mistake: the Change is recorded as soon as an answer arrives, before the Limiter hears of it: each change
// of the limit is recorded only at the next answer, late, and a refusal that comes alone shows no cut at
// its instant.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/halves_the_limit_for_a_refusal_that_comes_alone,_and_never_raises_it_for_one

package main

func (d *dispatcher) answered(ctx context.Context, ans answer) {
	d.recordChange() // wrong: before the Limiter hears of this answer
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
}
