// Mistake: the goroutines are started without a WaitGroup, and AllAtOnce sleeps "long enough" for them
// instead of waiting for them. Too short and results are missing; too long and the time is wasted; and a
// sleep orders nothing, so the race detector sees the results read with no synchronisation.
// Replaces: 02-waitgroups/allatonce.go
// Caught by: TestAllAtOnce/returns_only_after_every_request_has_finished

package main

import "time"

func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	for id := range n {
		go func() { results[id] = fetch(ctx, id) }()
	}
	time.Sleep(time.Second) // a guess at how long the requests take
	return results
}
