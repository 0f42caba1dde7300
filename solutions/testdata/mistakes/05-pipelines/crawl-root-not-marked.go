// Mistake: the set of ids seen starts empty, and each link is marked as it is found; but root is never
// found as a link, so it is never marked. The first page that links back to root queues it again, and root
// is fetched twice. Root is found from the start.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/fetches_every_page_reachable_from_root,_and_every_dead_link,_once_each

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

	seen := map[int]bool{} // root is not in it
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
