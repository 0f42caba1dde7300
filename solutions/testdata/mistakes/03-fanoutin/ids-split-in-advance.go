// Mistake: the ids are split among the workers in advance (worker w takes w, w+W, w+2W, ...), with no
// jobs channel. With equal latencies it looks like a pool, but a worker whose requests are slow holds up its
// share while the others, done with theirs, sit idle: fewer than W in flight while ids remain.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/keeps_W_requests_in_flight_while_ids_remain,_however_long_each_request_takes

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	results := make(chan lesson.Result)

	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for id := w; id < n; id += workers { // a fixed share each: no worker can help another
				if ctx.Err() != nil {
					return
				}
				results <- fetch(ctx, id)
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
