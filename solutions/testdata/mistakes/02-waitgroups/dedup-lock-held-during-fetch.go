// Mistake: the request's goroutine holds the Dedup's lock while fetch runs, so that nobody touches the map
// meanwhile. Every other call of Do, for any id, then waits for that one request: the requests go one at a
// time. Hold the lock only to read or change the map, never across a request. (In the tests, whose time
// stands still while a goroutine waits for a mutex, the test kit stops the run and says so.)
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/does_not_make_calls_for_different_ids_wait_for_each_other

package main

import (
	"context"
)

func (d *Dedup) request(ctx context.Context, id int, f *flight) {
	d.mu.Lock()
	r := d.fetch(ctx, id) // every other Do waits for the lock meanwhile
	if d.inFlight[id] == f {
		delete(d.inFlight, id)
	}
	d.mu.Unlock()
	f.cancel()
	f.result = r
	close(f.done)
}
