// Mistake: Succeeded hears of every answer that is not an overload signal, transport errors too: a connection that
// broke says nothing about what the server can take, yet it raises the limit.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/raises_the_limit_for_a_500_as_for_a_200,_and_never_for_a_transport_error

package main

func (d *dispatcher) answered(ctx context.Context, ans answer) {
	r := ans.result
	if overloadSignal(r) {
		d.refused(ctx, ans)
	} else {
		d.lim.Succeeded(d.inFlight) // wrong: a transport error is no answer
		d.results = append(d.results, r)
	}
	d.inFlight--
	d.recordChange()
}
