// Mistake: each request is made with context.Background() instead of ctx: a cancellation stops the pool
// from starting requests, but the ones in flight run to their end, and FanOutIn returns late.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/waits_for_the_requests_cut_short_by_a_cancellation,_and_keeps_their_results

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
				results <- fetch(context.Background(), id) // not cut short by a cancellation
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
