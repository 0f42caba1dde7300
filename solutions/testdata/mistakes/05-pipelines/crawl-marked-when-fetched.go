// Mistake: an id is marked as seen once its page has come back, not when it is found. Two pages fetched
// at the same time that link to the same id both find it unseen, and both queue it: it is fetched twice.
// Mark an id the moment it is found, in the same step as the check.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/fetches_an_id_once,_however_many_pages_find_it_at_the_same_moment

package main

import (
	"context"
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

	seen := map[int]bool{}
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
			results = append(results, p.r)
			seen[p.r.ID] = true // marked once fetched: ids found meanwhile are queued again
			for _, id := range p.links {
				if !seen[id] {
					queue = append(queue, id)
				}
			}
		}
	}
	close(jobs)
	wg.Wait()
	return results
}
