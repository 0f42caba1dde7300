// Mistake: a worker whose request was cut short by the cancellation returns without sending its result: the
// request was made, but its result is lost. Every request made has a result, the ones cut short too.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/stops_promptly_when_cancelled,_keeps_the_results_cut_short,_and_leaves_no_goroutine

package main

func (p *pacing) work(ctx context.Context, fetch lesson.Fetch, jobs <-chan int, results chan<- lesson.Result) {
	for id := range jobs {
		if ctx.Err() != nil {
			return
		}
		p.busy.Add(1)
		r := fetch(ctx, id)
		p.busy.Add(-1)
		if ctx.Err() != nil {
			return // wrong: the result of a request cut short is a result too
		}
		results <- r
	}
}
