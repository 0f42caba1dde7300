// Mistake: as in the original project, nothing looks at ctx: after a cancellation the producer keeps sending
// ids and the workers keep making requests, each failing at once, until all n are done.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/stops_promptly_when_cancelled,_leaving_no_goroutine_behind

package main

func produce(ctx context.Context, n int, jobs chan<- int) {
	defer close(jobs)
	for id := range n {
		jobs <- id
	}
}

func work(ctx context.Context, jobs <-chan int, results chan<- lesson.Result, fetch lesson.Fetch) {
	for id := range jobs { // no look at ctx: after a cancellation every remaining id is still fetched
		results <- fetch(ctx, id)
	}
}
