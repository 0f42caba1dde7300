// Mistake: the Go Tour's shape, a goroutine per page counted in a WaitGroup, with the count in the wrong
// order: a page's goroutine calls Done, then Add for the pages it found. Between the two the count can fall
// to zero, and Wait returns while the crawl still has work: Crawl ends too soon (or Wait panics, "WaitGroup
// is reused before previous Wait has returned", when the Add comes before Wait has woken). Add for the
// pages found before the Done of the page that found them, so that the count never touches zero while work
// remains.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/returns_as_soon_as_the_last_fetch_returns,_and_not_before

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
		slots   = make(chan struct{}, max(workers, 1))
	)
	var visit func(id int)
	visit = func(id int) {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			wg.Done()
			return
		}
		links, r := fetchPage(ctx, id)
		<-slots
		mu.Lock()
		results = append(results, r)
		var found []int
		for _, l := range links {
			if !seen[l] {
				seen[l] = true
				found = append(found, l)
			}
		}
		mu.Unlock()
		wg.Done() // this page is done...
		for _, l := range found {
			wg.Add(1) // ...and its links are counted after: the count may have been zero in between
			go visit(l)
		}
	}
	wg.Add(1)
	go visit(root)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	return results
}
