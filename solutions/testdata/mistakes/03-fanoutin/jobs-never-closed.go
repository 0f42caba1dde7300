// Mistake: the producer never closes jobs, so the workers wait for another id forever, results is never
// closed, and FanOutIn never returns.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/returns_one_result_per_request

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)

	// Fan-out. The producer is the only sender on jobs, so it is the one to close it.
	go func() {
		for id := range n { // jobs is never closed: the workers wait for more ids forever
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
				select {
				case results <- fetch(ctx, id):
				case <-ctx.Done():
					return
				}
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
