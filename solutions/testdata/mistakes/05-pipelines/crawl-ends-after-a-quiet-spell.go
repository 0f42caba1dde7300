// Mistake: the crawl cannot tell when it is done, so it waits for a quiet spell: once nothing has come back
// for 100ms and nothing waits, it calls it a day. That is always too late (100ms after the last page, here
// ten times a fetch's time), and too soon as soon as a fetch takes longer than the spell: a page still in
// flight is given up on, with everything it links to. Count the fetches in flight: the crawl is done the
// moment the count is zero and the queue is empty.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/returns_as_soon_as_the_last_fetch_returns,_and_not_before

package main

import (
	"context"
	"sync"
	"time"

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
	quiet := time.NewTimer(100 * time.Millisecond)
	defer quiet.Stop()
crawl:
	for {
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
			quiet.Reset(100 * time.Millisecond)
		case <-quiet.C:
			if len(queue) == 0 || ctx.Err() != nil { // nothing for 100ms: done, surely
				break crawl
			}
			quiet.Reset(100 * time.Millisecond)
		}
	}
	close(jobs)
	for range inFlight {
		results = append(results, (<-pages).r)
	}
	wg.Wait()
	return results
}
