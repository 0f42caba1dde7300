// Mistake: the closer is started before the workers are counted in: its wg.Wait() can see a count of zero
// and close results at once, before any worker has sent. The race detector reports the Add racing the Wait.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/returns_one_result_per_request

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
	go func() {
		wg.Wait()
		close(results)
	}()
	for range workers { // counted in only now: the closer may already have seen zero
		wg.Go(func() {
			for id := range jobs {
				if ctx.Err() != nil {
					return
				}
				results <- fetch(ctx, id)
			}
		})
	}
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}
