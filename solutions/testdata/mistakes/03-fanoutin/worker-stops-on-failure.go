// Mistake: a worker gives up after a failed request (a 500, or a transport error), taking its result with
// it. Each failure costs the pool a worker and a result; once every worker has met one, the remaining ids
// are never requested, and the producer waits for ever to hand them out.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/carries_on_after_failed_requests,_and_returns_every_result

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
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs {
				// If jobs were buffered, ids could still be waiting in it when ctx is cancelled;
				// checking here means no request starts after the cancellation, however jobs is made.
				if ctx.Err() != nil {
					return
				}
				r := fetch(ctx, id)
				if r.Err != nil || r.Status != 200 {
					return // one failure, and this worker is gone
				}
				results <- r
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
