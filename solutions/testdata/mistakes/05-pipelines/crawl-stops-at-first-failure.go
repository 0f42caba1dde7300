// Mistake: the crawl treats a page that is not a 200 as the end of the crawl: once a fetch gets a 404 or
// a 500, it hands out nothing more, and returns once the fetches in flight are back. But a dead link, or a
// page the server failed to give, is one id's outcome, not the crawl's: record it, and go on with the rest.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/records_a_404_or_a_500_as_that_id's_Result,_and_goes_on_with_the_rest

package main

import "net/http"

func (c *crawlState) run(ctx context.Context, jobs chan<- int, pages <-chan fetchedPage) []lesson.Result {
	failed := false
	for c.inFlight > 0 || len(c.queue) > 0 && ctx.Err() == nil && !failed {
		var next chan<- int
		head := 0
		if len(c.queue) > 0 && ctx.Err() == nil && !failed {
			next, head = jobs, c.queue[0]
		}
		select {
		case next <- head:
			c.queue = c.queue[1:]
			c.inFlight++
		case p := <-pages:
			c.record(p)
			if p.r.Status != http.StatusOK {
				failed = true // the crawl stops at the first page that is not there
			}
		}
	}
	return c.results
}
