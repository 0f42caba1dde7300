// Mistake: a worker sends the result of a failed request, then returns, as if a failure ended its work.
// Every result comes back, but each failure costs the pool a worker: fewer and fewer requests in flight.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/carries_on_after_failed_requests,_and_returns_every_result

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)
	go func() {
		defer close(jobs)
		for id := range n {
			select {
			case jobs <- id:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs {
				if ctx.Err() != nil {
					return
				}
				r := fetch(ctx, id)
				results <- r
				if r.Err != nil || r.Status != 200 {
					return // one failure, and the pool has a worker fewer
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}
