// Mistake: once ctx is done, the fetches in flight come back with ctx's error, and the crawl drops them,
// as if they had not been made. They were: each was a request, which the server may have answered, and the
// run's record counts it. Crawl returns the Result of every fetch it made, those cut short included.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/stops_fetching_once_ctx_is_cancelled,_and_returns_the_Result_of_every_fetch_it_made

package main

func (c *crawlState) run(ctx context.Context, jobs chan<- int, pages <-chan fetchedPage) []lesson.Result {
	for c.inFlight > 0 || len(c.queue) > 0 && ctx.Err() == nil {
		var next chan<- int
		head := 0
		if len(c.queue) > 0 && ctx.Err() == nil {
			next, head = jobs, c.queue[0]
		}
		select {
		case next <- head:
			c.queue = c.queue[1:]
			c.inFlight++
		case p := <-pages:
			if p.r.Err != nil && ctx.Err() != nil {
				c.inFlight--
				continue // cut short by the cancellation: dropped
			}
			c.record(p)
		}
	}
	return c.results
}
