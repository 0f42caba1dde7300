// Mistake: the crawl treats a page that is not a 200 as the end of the crawl: once a fetch gets a 404 or
// a 500, it hands out nothing more, and returns once the fetches in flight are back. But a dead link, or a
// page the server failed to give, is one id's outcome, not the crawl's: record it, and go on with the rest.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/records_a_404_or_a_500_as_that_id's_Result,_and_goes_on_with_the_rest

package main

import (
	"context"
	"net/http"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	jobs := make(chan int)
	pages := make(chan fetchedPage)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for id := range jobs {
				links, r := fetchPage(ctx, id)
				pages <- fetchedPage{links, r}
			}
		})
	}

	seen := map[int]bool{root: true}
	queue := []int{root}
	inFlight := 0
	failed := false
	var results []lesson.Result
	for inFlight > 0 || len(queue) > 0 && ctx.Err() == nil && !failed {
		var next chan int
		head := 0
		if len(queue) > 0 && ctx.Err() == nil && !failed {
			next, head = jobs, queue[0]
		}
		select {
		case next <- head:
			queue = queue[1:]
			inFlight++
		case p := <-pages:
			inFlight--
			results = append(results, p.r)
			if p.r.Status != http.StatusOK {
				failed = true // the crawl stops at the first page that is not there
			}
			for _, id := range p.links {
				if !seen[id] {
					seen[id] = true
					queue = append(queue, id)
				}
			}
		}
	}
	close(jobs)
	wg.Wait()
	return results
}
