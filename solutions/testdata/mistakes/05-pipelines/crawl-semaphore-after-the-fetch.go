// Mistake: a goroutine per id found, and a semaphore with room for workers tokens, but taken after the
// fetch, around the bookkeeping of the page: it bounds the goroutines that record pages, not the fetches.
// Every id found is fetched at once, and a level of the graph a hundred pages wide has a hundred fetches
// in flight. A semaphore bounds what happens between taking a token and giving it back: take it before
// the fetch, give it back after.
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
		mu      sync.Mutex // guards seen and results
		seen    = map[int]bool{root: true}
		results []lesson.Result
		slots   = make(chan struct{}, max(workers, 1))
	)
	var visit func(id int)
	visit = func(id int) {
		defer wg.Done()
		if ctx.Err() != nil {
			return
		}
		links, r := fetchPage(ctx, id)
		slots <- struct{}{} // after the fetch: the fetches are not bounded
		defer func() { <-slots }()
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
	if ctx.Err() != nil {
		return nil
	}
	wg.Add(1)
	go visit(root)
	wg.Wait()
	return results
}
