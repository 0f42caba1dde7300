// Mistake: an id is marked as seen once its page has come back, not when it is found. Two pages fetched
// at the same time that link to the same id both find it unseen, and both queue it: it is fetched twice.
// Mark an id the moment it is found, in the same step as the check.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/fetches_an_id_once,_however_many_pages_find_it_at_the_same_moment

package main

func newCrawlState(root int) *crawlState {
	return &crawlState{seen: map[int]bool{}, queue: []int{root}}
}

func (c *crawlState) record(p fetchedPage) {
	c.inFlight--
	c.results = append(c.results, p.r)
	c.seen[p.r.ID] = true // marked once fetched: ids found meanwhile are queued again
	for _, id := range p.links {
		if !c.seen[id] {
			c.queue = append(c.queue, id)
		}
	}
}
