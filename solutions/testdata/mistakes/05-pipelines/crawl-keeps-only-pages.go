// Mistake: the crawl returns the Results of the pages it got, the 200s, and drops the others: a 404 or a
// 500 leaves no trace, as if that id had never been fetched. Every fetch has its Result, whatever it got:
// the dead links and the failures are what the report counts.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/returns_the_Result_of_every_fetch,_as_fetchPage_returned_it

package main

import "net/http"

func (c *crawlState) record(p fetchedPage) {
	c.inFlight--
	if p.r.Status == http.StatusOK { // the pages only: 404s, 500s and errors are dropped
		c.results = append(c.results, p.r)
	}
	for _, id := range p.links {
		if !c.seen[id] {
			c.seen[id] = true
			c.queue = append(c.queue, id)
		}
	}
}
