// Mistake: jobs has a buffer, and the workers do not check ctx before each request, counting on the
// producer to stop. The ids already in the buffer when ctx is cancelled are still handed out, and requested.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/stops_promptly_when_cancelled,_leaving_no_goroutine_behind

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int, workers)
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
			for id := range jobs { // ids in the buffer come out after the cancellation too
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
