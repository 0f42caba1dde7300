// Mistake: the last caller out cancels the request but leaves it in the map of requests in flight, until
// its fetch returns. A caller who comes in between finds it there, joins a request that nobody waits for
// and that is already cancelled, and gets its cancellation instead of an answer.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/makes_a_new_request_for_a_call_that_comes_after_every_caller_of_the_last_one_has_left

package main

func (d *Dedup) leave(id int, f *flight) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f.waiting--
	if f.waiting == 0 {
		f.cancel() // cancelled, but still in d.inFlight until its fetch returns
	}
}
