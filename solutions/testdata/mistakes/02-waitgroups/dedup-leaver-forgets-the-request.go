// Mistake: any caller who leaves takes the request out of the map of requests in flight, though only the
// last one cancels it. The callers still waiting get its answer, but a caller who comes in the meantime
// finds no request for the id and sends a second one while the first is still in flight.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/goes_on_with_the_request_for_the_callers_who_stay

package main

func (d *Dedup) leave(id int, f *flight) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f.waiting--
	if d.inFlight[id] == f {
		delete(d.inFlight, id) // while others may still wait for it
	}
	if f.waiting == 0 {
		f.cancel()
	}
}
