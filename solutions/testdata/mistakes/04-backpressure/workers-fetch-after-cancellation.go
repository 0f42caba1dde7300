// Mistake: the workers never check ctx, trusting the producer to stop; and the producer notices ctx only in the
// select of its pause, so it hands over the ids with a plain send. Cancelled while no pause holds, the producer
// goes on sending, and every worker fetches every id it gets: requests started after the cancellation, each
// failing at once. A worker checks ctx before each request, whatever the producer does.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/stops_as_promptly_when_cancelled_while_the_producer_waits_to_send,_not_in_a_pause

package main

func (p *pacing) produce(ctx context.Context, n int, jobs chan<- int) {
	defer close(jobs)
	for id := range n {
		if !sleep(ctx, time.Duration(p.pause.Load())) {
			return
		}
		jobs <- id // the pause's select is the only place the producer looks at ctx
	}
}

func (p *pacing) work(ctx context.Context, fetch lesson.Fetch, jobs <-chan int, results chan<- lesson.Result) {
	for id := range jobs {
		// wrong: no check of ctx before the request
		p.busy.Add(1)
		r := fetch(ctx, id)
		p.busy.Add(-1)
		results <- r
	}
}
