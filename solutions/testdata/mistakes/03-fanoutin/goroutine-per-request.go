// Mistake: FanOutIn starts a goroutine per request and never uses its workers: unbounded concurrency again,
// exactly what the pool is there to prevent.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/keeps_exactly_W_requests_in_flight_while_there_is_work_for_all_W

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	results := make(chan lesson.Result)

	var wg sync.WaitGroup
	for id := range n { // workers is never used: one goroutine per request, as in lesson 02
		wg.Go(func() {
			select {
			case results <- fetch(ctx, id):
			case <-ctx.Done():
			}
		})
	}

	go closeWhenDone(&wg, results) // fan-in: the one closer of results

	// The collector reads until the closer closes results, never stopping early on ctx.Done(): so every
	// worker's send completes, and FanOutIn returns only once every worker has returned.
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}
