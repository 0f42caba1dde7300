// Mistake: a request stays in the map of requests in flight once it has ended, so every later call for the
// id finds it, already done, and returns its old answer: a cache that never forgets, where the contract
// asks for a new request once the last one has ended.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/makes_a_new_request_for_a_call_that_comes_after_the_request_has_ended

package main

import (
	"context"
)

func (d *Dedup) request(ctx context.Context, id int, f *flight) {
	r := d.fetch(ctx, id)
	f.cancel()
	f.result = r
	close(f.done) // and it stays in d.inFlight for good
}
