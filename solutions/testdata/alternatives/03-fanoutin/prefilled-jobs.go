// Alternative: no producer goroutine. jobs is buffered for all n ids, filled and closed before the workers
// start; after a cancellation the ids left in it are skipped by the workers' check of ctx.
// Replaces: 03-fanoutin/fanoutin.go

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int, n)
	for id := range n {
		jobs <- id
	}
	close(jobs)
	results := make(chan lesson.Result)
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
