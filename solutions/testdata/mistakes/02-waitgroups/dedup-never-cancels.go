// Mistake: the request goes on when every caller has left, as x/sync/singleflight's does: nobody waits for
// its answer any more, yet it keeps a connection and the server busy until it ends. The last caller out
// should cancel it.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/cancels_the_request_once_every_caller_waiting_for_it_has_left

package main

func (d *Dedup) leave(id int, f *flight) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f.waiting-- // and nobody cancels the request
}
