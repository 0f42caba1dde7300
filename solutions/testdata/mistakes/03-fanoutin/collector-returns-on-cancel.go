// Mistake: the collector returns as soon as ctx is done, without waiting for its workers. Nothing leaks
// for long (each worker's send sits in a select with ctx.Done()), but FanOutIn returns while the requests
// cut short are still giving up, and their results are lost: the goroutines it started have not ended.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/waits_for_the_requests_cut_short_by_a_cancellation,_and_keeps_their_results

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
	for {
		select {
		case r, ok := <-results:
			if !ok {
				return collected
			}
			collected = append(collected, r)
		case <-ctx.Done():
			return collected // too early: the workers have not returned yet
		}
	}
}
