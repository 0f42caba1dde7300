// Mistake: each request is made with context.Background() instead of ctx: a cancellation stops the pool
// from starting requests, but the ones in flight run to their end, and FanOutIn returns late.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/waits_for_the_requests_cut_short_by_a_cancellation,_and_keeps_their_results

package main

func work(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch) {
	for id := range jobs {
		if ctx.Err() != nil {
			return
		}
		results <- fetch(context.Background(), id) // not cut short by a cancellation
	}
}
