// Mistake: the producer's select breaks on ctx.Done(), which leaves the select, not the loop: it goes on
// offering the remaining ids, and workers that do not check ctx take them and request them.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/stops_promptly_when_cancelled,_leaving_no_goroutine_behind

package main

func produce(ctx context.Context, n int, jobs chan<- int) {
	defer close(jobs)
	for id := range n {
		select {
		case jobs <- id:
		case <-ctx.Done():
			break // leaves the select only: the next id is offered all the same
		}
	}
}

func work(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch) {
	for id := range jobs { // no check of ctx: every id offered is requested
		results <- fetch(ctx, id)
	}
}
