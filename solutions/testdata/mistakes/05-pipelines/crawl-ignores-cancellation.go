// Mistake: the crawl never looks at ctx: once it is cancelled, it goes on handing out every id it has
// queued. Each of those fetches returns at once with ctx's error, so it ends soon enough here, but it goes
// through the whole queue, calling fetchPage for nothing, when it should stop: once ctx is done, no fetch
// starts.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/stops_fetching_once_ctx_is_cancelled,_and_returns_the_Result_of_every_fetch_it_made

package main

func (c *crawlState) run(ctx context.Context, jobs chan<- int, pages <-chan fetchedPage) []lesson.Result {
	for c.inFlight > 0 || len(c.queue) > 0 { // ctx is never checked
		var next chan<- int
		head := 0
		if len(c.queue) > 0 {
			next, head = jobs, c.queue[0]
		}
		select {
		case next <- head:
			c.queue = c.queue[1:]
			c.inFlight++
		case p := <-pages:
			c.record(p)
		}
	}
	return c.results
}
