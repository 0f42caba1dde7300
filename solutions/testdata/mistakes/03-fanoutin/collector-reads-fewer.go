// Mistake: the collector stops reading when ctx is cancelled, but the workers send their results without a
// select: with nobody left to read, they block on that send forever, a goroutine leak.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/stops_promptly_when_cancelled,_leaving_no_goroutine_behind

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
	for range n {
		select {
		case r := <-results:
			collected = append(collected, r)
		case <-ctx.Done():
			return collected // stops reading while workers still have results to send
		}
	}
	return collected
}
