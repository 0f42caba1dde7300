// Mistake: each worker counts itself in with wg.Add(1) inside its goroutine. The closer's wg.Wait() can
// run first, see zero and close results while the workers have yet to send: a send on a closed channel.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/returns_one_result_per_request

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)

	go produce(ctx, n, jobs) // fan-out: the one sender on jobs

	var wg sync.WaitGroup
	for range workers {
		go func() {
			wg.Add(1) // too late: the closer may already be past wg.Wait()
			defer wg.Done()
			work(ctx, jobs, results, fetch)
		}()
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
