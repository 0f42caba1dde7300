// Mistake: one goroutine hands out the places, and always serves a new request before a hedge that is
// due. While there is work, every place that frees goes to the next request, and a hedge goes out only
// once no request is left: on a busy pool, hedging does nothing at all. A hedge waits for a place in its
// turn, before the requests that come to wait after it.
// Replaces: 03-fanoutin/challenge.go
// Based on: hedge-one-dispatcher
// Caught by: TestHedged/lets_no_request_that_comes_to_wait_for_a_place_after_a_hedge_is_due_go_before_it

package main

func (d *dispatcher) fill() {
	for d.free > 0 && d.ctx.Err() == nil {
		if d.next < d.n { // a new request first, whatever is due
			d.begin(d.next)
			d.next++
			continue
		}
		if len(d.due) > 0 {
			id := d.due[0]
			d.due = d.due[1:]
			if !d.reqs[id].done {
				d.start(id)
			}
			continue
		}
		return
	}
}
