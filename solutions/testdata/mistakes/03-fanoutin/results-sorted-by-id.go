// Mistake: the collector sorts the results by id before returning them. Tidy, but the contract is the order
// the requests finished: the caller, and the report, learn which ones came back first.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/returns_the_results_in_the_order_the_requests_finished

package main

import "slices"

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)

	go produce(ctx, n, jobs) // fan-out: the one sender on jobs

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { work(ctx, jobs, results, fetch) })
	}

	go closeWhenDone(&wg, results) // fan-in: the one closer of results

	// The collector reads until the closer closes results, never stopping early on ctx.Done(): so every
	// worker's send completes, and FanOutIn returns only once every worker has returned.
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	slices.SortFunc(collected, func(a, b lesson.Result) int { return a.ID - b.ID }) // by id, not as they finished
	return collected
}
