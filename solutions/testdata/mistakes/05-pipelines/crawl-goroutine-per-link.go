// Mistake: every id found gets a goroutine that fetches it at once, the Go Tour's crawler as it is: workers
// is never used. On a level of the graph a thousand pages wide, a thousand fetches are in flight at once,
// which is lesson 02's unbounded concurrency, and its cost to the server. However many ids wait, at most
// workers fetch at a time: a pool, or a semaphore (a channel with room for workers tokens) around each fetch.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/keeps_at_most_workers_fetches_in_flight

package main

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		seen    = map[int]bool{root: true}
		results []lesson.Result
	)
	var visit func(id int)
	visit = func(id int) {
		defer wg.Done()
		if ctx.Err() != nil {
			return
		}
		links, r := fetchPage(ctx, id) // as many at once as there are ids found
		mu.Lock()
		defer mu.Unlock()
		results = append(results, r)
		for _, l := range links {
			if !seen[l] {
				seen[l] = true
				wg.Add(1)
				go visit(l)
			}
		}
	}
	wg.Add(1)
	go visit(root)
	wg.Wait()
	return results
}
