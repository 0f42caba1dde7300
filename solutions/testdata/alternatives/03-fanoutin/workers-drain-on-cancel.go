// Alternative: the producer sends with a plain send, and after a cancellation the workers keep taking ids
// without requesting them, so that the producer is never left waiting: no request starts, nothing leaks,
// though the remaining ids are still handed out one by one.
// Replaces: 03-fanoutin/fanoutin.go

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)
	go func() {
		defer close(jobs)
		for id := range n {
			jobs <- id // the workers take every id, cancelled or not
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs {
				if ctx.Err() != nil {
					continue // taken, not requested
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
