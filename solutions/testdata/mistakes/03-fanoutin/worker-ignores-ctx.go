// Mistake: as in the original project, nothing looks at ctx: after a cancellation the producer keeps sending
// ids and the workers keep making requests, each failing at once, until all n are done.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/stops_promptly_when_cancelled,_leaving_no_goroutine_behind

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)

	// Fan-out. The producer is the only sender on jobs, so it is the one to close it.
	go func() {
		defer close(jobs)
		for id := range n {
			jobs <- id
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs { // no look at ctx: after a cancellation every remaining id is still fetched
				results <- fetch(ctx, id)
			}
		})
	}

	// Fan-in. Every worker sends on results, so none of them may close it: one closer does, once they
	// have all returned.
	go func() {
		wg.Wait()
		close(results)
	}()

	// The collector reads until the closer closes results, never stopping early on ctx.Done(): that is
	// what lets the workers send without a select, and what makes FanOutIn return only once they have all
	// returned.
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}
