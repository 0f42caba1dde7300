// Mistake: the crawl cannot tell when it is done, so it waits for a quiet spell: once nothing has come back
// for 100ms and nothing waits, it calls it a day. That is always too late (100ms after the last page, here
// ten times a fetch's time), and too soon as soon as a fetch takes longer than the spell: a page still in
// flight is given up on, with everything it links to. Count the fetches in flight: the crawl is done the
// moment the count is zero and the queue is empty.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/returns_as_soon_as_the_last_fetch_returns,_and_not_before

package main

import "time"

func (c *crawlState) run(ctx context.Context, jobs chan<- int, pages <-chan fetchedPage) []lesson.Result {
	quiet := time.NewTimer(100 * time.Millisecond)
	defer quiet.Stop()
	for {
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
			c.record(p)
			quiet.Reset(100 * time.Millisecond)
		case <-quiet.C:
			if len(c.queue) == 0 || ctx.Err() != nil { // nothing for 100ms: done, surely
				for range c.inFlight {
					c.results = append(c.results, (<-pages).r)
				}
				return c.results
			}
			quiet.Reset(100 * time.Millisecond)
		}
	}
}
