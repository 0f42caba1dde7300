// Mistake: the collector stops reading when ctx is cancelled, but the workers send their results without a
// select: with nobody left to read, they block on that send forever, a goroutine leak.
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
			select {
			case jobs <- id:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range workers {
		go func() {
			for id := range jobs {
				results <- fetch(ctx, id) // blocks forever once the collector has stopped reading
			}
		}()
	}
	collected := make([]lesson.Result, 0, n)
	for range n {
		select {
		case r := <-results:
			collected = append(collected, r)
		case <-ctx.Done():
			return collected // stops reading while workers still have results to send
		}
	}
	return collected
}
