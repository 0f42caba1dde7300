// Mistake: a page answered 500 goes back in the queue, to be fetched again. It is a kindness to the page,
// but the contract says a 500 is final for that id: no id is fetched twice. (Retries belong to lesson 04,
// with a budget and a pause; a crawl that retries without them hammers a failing server, and one that
// always retries never ends while a page keeps failing.)
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
	retried := map[int]bool{}
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
			if p.r.Status == http.StatusInternalServerError && !retried[p.r.ID] {
				retried[p.r.ID] = true
				queue = append(queue, p.r.ID) // once more: the id is fetched twice
				continue
			}
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
