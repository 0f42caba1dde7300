// Mistake: an off-by-one on the pool: the workers are started for w from 1 to workers-1, one too few, so
// one request fewer is in flight than the caller asked for (and none at all with one worker).
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/keeps_exactly_W_requests_in_flight_while_there_is_work_for_all_W

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)

	go produce(ctx, n, jobs) // fan-out: the one sender on jobs

	var wg sync.WaitGroup
	for w := 1; w < workers; w++ { // workers-1 workers
		wg.Go(func() { work(ctx, jobs, results, fetch) })
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
