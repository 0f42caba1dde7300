// Mistake: the crawl returns the Results of the pages it got, the 200s, and drops the others: a 404 or a
// 500 leaves no trace, as if that id had never been fetched. Every fetch has its Result, whatever it got:
// the dead links and the failures are what the report counts.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/returns_the_Result_of_every_fetch,_as_fetchPage_returned_it

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
	var results []lesson.Result
	for inFlight > 0 || len(queue) > 0 && ctx.Err() == nil {
		var next chan int
		head := 0
		if len(queue) > 0 && ctx.Err() == nil {
			next, head = jobs, queue[0]
		}
		select {
		case next <- head:
			queue = queue[1:]
			inFlight++
		case p := <-pages:
			inFlight--
			if p.r.Status == http.StatusOK { // the pages only: 404s, 500s and errors are dropped
				results = append(results, p.r)
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
