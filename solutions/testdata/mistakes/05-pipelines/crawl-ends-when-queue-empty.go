// Mistake: the crawl goes on while its queue holds ids, and stops when it is empty. But the queue is empty
// whenever every id found is in flight: right after root is handed out, for one. The fetches in flight may
// still find more. The crawl is done only when the queue is empty and nothing is in flight: count the
// fetches in flight.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/returns_as_soon_as_the_last_fetch_returns,_and_not_before

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

	seen := map[int]bool{root: true}
	queue := []int{root}
	inFlight := 0
	var results []lesson.Result
	for len(queue) > 0 && ctx.Err() == nil { // empty the moment root is handed out
		select {
		case jobs <- queue[0]:
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
	for range inFlight { // the fetches in flight are waited for, but what they find is dropped
		results = append(results, (<-pages).r)
	}
	wg.Wait()
	return results
}
