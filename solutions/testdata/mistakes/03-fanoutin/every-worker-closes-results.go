// Mistake: every worker closes the results channel when it is done. The first close is too early for the
// other workers, and the second one panics: only one owner, after every worker is done, may close it.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/returns_one_result_per_request

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)

	// Fan-out. The producer is the only sender on jobs, so it is the one to close it.
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
	for range workers {
		go func() {
			defer close(results) // every worker closes results: the second close panics
			for id := range jobs {
				select {
				case results <- fetch(ctx, id):
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}
