// Mistake: a caller who leaves cancels the request, whoever else still waits for it: the first to leave
// takes the answer away from every other caller. Count the callers waiting, and let only the last one out
// cancel it.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/goes_on_with_the_request_for_the_callers_who_stay

package main

func (d *Dedup) leave(id int, f *flight) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f.waiting--
	f.cancel() // whether or not others still wait
	if d.inFlight[id] == f {
		delete(d.inFlight, id)
	}
}
