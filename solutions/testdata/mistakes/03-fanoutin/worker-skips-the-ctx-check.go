// Mistake: the producer stops on cancellation, as it should, but the workers request every id they are
// given without checking ctx first. An id can still reach a worker after the cancellation: taken from jobs
// just before it, or handed over as it comes, when the producer's select finds a worker waiting and ctx
// done and picks one of the two at random. That id is then requested: a request started after the
// cancellation.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/starts_no_request_once_cancelled,_not_even_for_an_id_a_worker_already_holds

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
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs {
				results <- fetch(ctx, id) // no check of ctx first: an id handed over after the cancellation is requested
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
