// Mistake: the pool has workers goroutines, as many as asked for; with workers 0 (or less), there is
// none. The crawl hands root out to a pool that nobody works in, and waits for ever. Workers less than 1
// counts as 1: start max(workers, 1).
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/counts_workers_less_than_1_as_1

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
	for range workers { // none when workers is 0 or less
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
