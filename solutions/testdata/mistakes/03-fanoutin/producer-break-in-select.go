// Mistake: the producer's select breaks on ctx.Done(), which leaves the select, not the loop: it goes on
// offering the remaining ids, and workers that do not check ctx take them and request them.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/stops_promptly_when_cancelled,_leaving_no_goroutine_behind

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
				break // leaves the select only: the next id is offered all the same
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs {
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
