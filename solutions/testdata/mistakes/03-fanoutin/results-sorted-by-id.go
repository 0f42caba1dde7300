// Mistake: the collector sorts the results by id before returning them. Tidy, but the contract is the order
// the requests finished: the caller, and the report, learn which ones came back first.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/returns_the_results_in_the_order_the_requests_finished

package main

import "slices"

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
	slices.SortFunc(collected, func(a, b lesson.Result) int { return a.ID - b.ID }) // by id, not as they finished
	return collected
}
