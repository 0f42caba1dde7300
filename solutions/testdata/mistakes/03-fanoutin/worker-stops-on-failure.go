// Mistake: a worker gives up after a failed request (a 500, or a transport error), taking its result with
// it. Each failure costs the pool a worker and a result; once every worker has met one, the remaining ids
// are never requested, and the producer waits for ever to hand them out.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/carries_on_after_failed_requests,_and_returns_every_result

package main

func work(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch) {
	for id := range jobs {
		// If jobs were buffered, ids could still be waiting in it when ctx is cancelled; checking here
		// means no request starts after the cancellation, however jobs is made.
		if ctx.Err() != nil {
			return
		}
		r := fetch(ctx, id)
		if r.Err != nil || r.Status != 200 {
			return // one failure, and this worker is gone
		}
		results <- r
	}
}
