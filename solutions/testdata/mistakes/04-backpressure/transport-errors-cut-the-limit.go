// Mistake: a transport error is told to the Limiter as an overload with no Retry-After (Rejected(now, 0)),
// though it is no answer from the server: every broken connection halves the limit, which then never reaches
// the pool's size.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/never_cuts_the_limit_for_a_transport_error:_it_is_no_answer_from_the_server

package main

func (d *dispatcher) answered(ctx context.Context, ans answer) {
	r := ans.result
	if overloadSignal(r) {
		d.refused(ctx, ans)
	} else {
		if r.Err == nil {
			d.lim.Succeeded(d.inFlight)
		} else {
			d.lim.Rejected(time.Now(), 0) // a transport error taken for an overload
		}
		d.results = append(d.results, r)
	}
	d.inFlight--
	d.recordChange()
}
