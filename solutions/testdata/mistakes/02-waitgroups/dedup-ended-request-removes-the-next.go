// Mistake: a request that ends takes its id out of the requests in flight without looking at what is
// there. A request cancelled by its last caller is out already, and may have been replaced by a new one for
// the same id while it was giving up: when it ends, it removes that new one, and the next caller sends a
// second request beside it. A request that ends removes its own entry only, if it is still there.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/keeps_a_new_request_in_flight_when_the_cancelled_one_before_it_ends

package main

import (
	"context"
)

func (d *Dedup) request(ctx context.Context, id int, f *flight) {
	r := d.fetch(ctx, id)
	d.mu.Lock()
	delete(d.inFlight, id) // maybe another request's entry: f's own was removed when it was cancelled
	d.mu.Unlock()
	f.cancel()
	f.result = r
	close(f.done)
}
