// Mistake: a worker sends its result in a select with <-ctx.Done(). Once ctx is cancelled both cases are
// ready, select picks one at random, and the result of a request cut short is dropped about half the
// time: a request made, and no result for it. The collector reads until results is closed, so the send
// needs no way out.
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
				case <-ctx.Done(): // ready at once after a cancellation: the result may be dropped
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
