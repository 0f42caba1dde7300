// Mistake: Succeeded hears only of 200s: a 500 is an answer too, from a server that was not overloaded, and should
// raise the limit like a 200. A server with many 500s keeps the pool at one request at a time.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/raises_the_limit_for_a_500_as_for_a_200,_and_never_for_a_transport_error

package main

func (d *dispatcher) answered(ctx context.Context, ans answer) {
	r := ans.result
	if overloadSignal(r) {
		d.refused(ctx, ans)
	} else {
		if r.Status == http.StatusOK { // wrong: every HTTP answer that is no overload signal
			d.lim.Succeeded(d.inFlight)
		}
		d.results = append(d.results, r)
	}
	d.inFlight--
	d.recordChange()
}
