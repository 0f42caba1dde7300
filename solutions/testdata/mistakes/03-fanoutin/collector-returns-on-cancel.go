// Mistake: the collector returns as soon as ctx is done, without waiting for its workers. Nothing leaks
// for long (each worker's send sits in a select with ctx.Done()), but FanOutIn returns while the requests
// cut short are still giving up, and their results are lost: the goroutines it started have not ended.
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

	collected := make([]lesson.Result, 0, n)
	for {
		select {
		case r, ok := <-results:
			if !ok {
				return collected
			}
			collected = append(collected, r)
		case <-ctx.Done():
			return collected // too early: the workers have not returned yet
		}
	}
}

// work sends in a select with ctx.Done(), so that no worker is left blocked once the collector has gone.
func work(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch) {
	for id := range jobs {
		if ctx.Err() != nil {
			return
		}
		select {
		case results <- fetch(ctx, id):
		case <-ctx.Done():
			return
		}
	}
}
