// Mistake: once ctx is done, the crawl returns what it has at once. But its workers are still fetching,
// and each then waits for ever to hand back a page nobody will take: goroutines left behind, and the
// Results of the fetches cut short lost. Once ctx is done, stop handing out ids, and go on taking what the
// workers hand back until nothing is in flight (they return at once), then close their channel and wait.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/stops_fetching_once_ctx_is_cancelled,_and_returns_the_Result_of_every_fetch_it_made

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
	for inFlight > 0 || len(queue) > 0 {
		var next chan int
		head := 0
		if len(queue) > 0 {
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
		case <-ctx.Done():
			return results // the workers in flight are left waiting to hand back their pages
		}
	}
	close(jobs)
	wg.Wait()
	return results
}
