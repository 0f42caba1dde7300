// Mistake: the collector stores each result at its id in a slice made with length n. A run cut short by a
// cancellation then returns n results, the ones never requested among them as empty results that look like
// request 0.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/waits_for_the_requests_cut_short_by_a_cancellation,_and_keeps_their_results

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)

	go produce(ctx, n, jobs) // fan-out: the one sender on jobs

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { work(ctx, jobs, results, fetch) })
	}

	go closeWhenDone(&wg, results) // fan-in: the one closer of results

	collected := make([]lesson.Result, n) // n slots, filled or not
	for r := range results {
		collected[r.ID] = r
	}
	return collected
}
