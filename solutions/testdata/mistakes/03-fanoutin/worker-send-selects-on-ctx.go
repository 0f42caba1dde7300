// Mistake: a worker sends its result in a select with <-ctx.Done(). Once ctx is cancelled both cases are
// ready, select picks one at random, and the result of a request cut short is dropped about half the
// time: a request made, and no result for it. The collector reads until results is closed, so the send
// needs no way out.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/waits_for_the_requests_cut_short_by_a_cancellation,_and_keeps_their_results

package main

func work(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch) {
	for id := range jobs {
		// If jobs were buffered, ids could still be waiting in it when ctx is cancelled; checking here
		// means no request starts after the cancellation, however jobs is made.
		if ctx.Err() != nil {
			return
		}
		select {
		case results <- fetch(ctx, id):
		case <-ctx.Done(): // ready at once after a cancellation: the result may be dropped
			return
		}
	}
}
