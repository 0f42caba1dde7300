// Mistake: a worker checks ctx again after each request, and drops the result of a request cut short by
// the cancellation: a request made, and no result for it.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/waits_for_the_requests_cut_short_by_a_cancellation,_and_keeps_their_results

package main

func work(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch) {
	for id := range jobs {
		if ctx.Err() != nil {
			return
		}
		r := fetch(ctx, id)
		if ctx.Err() != nil {
			return // the request was made: its result must be sent
		}
		results <- r
	}
}
