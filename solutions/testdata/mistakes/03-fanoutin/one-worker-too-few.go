// Mistake: an off-by-one on the pool: the workers are started for w from 1 to workers-1, one too few, so
// one request fewer is in flight than the caller asked for (and none at all with one worker).
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/keeps_exactly_W_requests_in_flight_while_there_is_work_for_all_W

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
	for w := 1; w < workers; w++ { // workers-1 workers
		wg.Go(func() {
			for id := range jobs {
				if ctx.Err() != nil {
					return
				}
				results <- fetch(ctx, id)
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
