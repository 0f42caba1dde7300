// Mistake: the closer is started before the workers are counted in: its wg.Wait() can see a count of zero
// and close results at once, before any worker has sent. The race detector reports the Add racing the Wait.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/returns_one_result_per_request

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)

	go produce(ctx, n, jobs) // fan-out: the one sender on jobs

	var wg sync.WaitGroup
	go closeWhenDone(&wg, results) // started before the workers are counted in: it may see zero

	for range workers {
		wg.Go(func() { work(ctx, jobs, results, fetch) })
	}

	// The collector reads until the closer closes results, never stopping early on ctx.Done(): so every
	// worker's send completes, and FanOutIn returns only once every worker has returned.
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}
