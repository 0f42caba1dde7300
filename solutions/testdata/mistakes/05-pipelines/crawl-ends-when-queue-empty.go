// Mistake: the crawl goes on while its queue holds ids, and stops when it is empty. But the queue is empty
// whenever every id found is in flight: right after root is handed out, for one. The fetches in flight may
// still find more. The crawl is done only when the queue is empty and nothing is in flight: count the
// fetches in flight.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/returns_as_soon_as_the_last_fetch_returns,_and_not_before

package main

func (c *crawlState) run(ctx context.Context, jobs chan<- int, pages <-chan fetchedPage) []lesson.Result {
	for len(c.queue) > 0 && ctx.Err() == nil { // empty the moment root is handed out
		select {
		case jobs <- c.queue[0]:
			c.queue = c.queue[1:]
			c.inFlight++
		case p := <-pages:
			c.record(p)
		}
	}
	for range c.inFlight { // the fetches in flight are waited for, but what they find is dropped
		c.results = append(c.results, (<-pages).r)
	}
	return c.results
}
