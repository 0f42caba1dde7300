// Alternative: both channels are buffered, jobs by the number of workers and results by n: the producer
// runs ahead of the workers and a worker never waits to hand over a result, and the behaviour the tests
// check is the same, because each worker still checks ctx before each request.
// Replaces: 03-fanoutin/fanoutin.go

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int, workers)
	results := make(chan lesson.Result, n)
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
				if ctx.Err() != nil { // ids may wait in the buffer after a cancellation
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
