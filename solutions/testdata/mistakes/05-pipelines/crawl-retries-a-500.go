// Mistake: a page answered 500 goes back in the queue, to be fetched again. It is a kindness to the page,
// but the contract says a 500 is final for that id: no id is fetched twice. (Retries belong to lesson 04,
// with a budget and a pause; a crawl that retries without them hammers a failing server, and one that
// always retries never ends while a page keeps failing.)
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/records_a_404_or_a_500_as_that_id's_Result,_and_goes_on_with_the_rest

package main

import "net/http"

func (c *crawlState) run(ctx context.Context, jobs chan<- int, pages <-chan fetchedPage) []lesson.Result {
	retried := map[int]bool{}
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
			if p.r.Status == http.StatusInternalServerError && !retried[p.r.ID] {
				retried[p.r.ID] = true
				c.inFlight--
				c.queue = append(c.queue, p.r.ID) // once more: the id is fetched twice
				continue
			}
			c.record(p)
		}
	}
	return c.results
}
