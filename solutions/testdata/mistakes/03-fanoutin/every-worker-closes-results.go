// Mistake: every worker closes the results channel when it is done. The first close is too early for the
// other workers, and the second one panics: only one owner, after every worker is done, may close it.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/returns_one_result_per_request

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)

	go produce(ctx, n, jobs) // fan-out: the one sender on jobs

	for range workers {
		go func() {
			defer close(results) // every worker closes results: the second close panics
			work(ctx, jobs, results, fetch)
		}()
	}

	// The collector reads until the closer closes results, never stopping early on ctx.Done(): so every
	// worker's send completes, and FanOutIn returns only once every worker has returned.
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}
