// Mistake: a worker sends the result of a failed request, then returns, as if a failure ended its work.
// Every result comes back, but each failure costs the pool a worker: fewer and fewer requests in flight.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/carries_on_after_failed_requests,_and_returns_every_result

package main

func work(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch) {
	for id := range jobs {
		if ctx.Err() != nil {
			return
		}
		r := fetch(ctx, id)
		results <- r
		if r.Err != nil || r.Status != 200 {
			return // one failure, and the pool has a worker fewer
		}
	}
}
