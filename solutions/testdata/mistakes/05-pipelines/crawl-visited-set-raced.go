// Mistake: a goroutine per page (within the workers' slots), and the set of ids seen, a map, read and
// written by all of them without a lock. Pages that come back at the same moment check and mark it at
// once: a data race, which the race detector reports, and which without it can fetch an id twice or crash
// the program ("concurrent map writes"). Guard the set with a mutex, or keep it in one goroutine.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/fetches_an_id_once,_however_many_pages_find_it_at_the_same_moment

package main

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex // guards results only
		seen    = map[int]bool{root: true}
		results []lesson.Result
		slots   = make(chan struct{}, max(workers, 1))
	)
	var visit func(id int)
	visit = func(id int) {
		defer wg.Done()
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		if ctx.Err() != nil {
			<-slots
			return
		}
		links, r := fetchPage(ctx, id)
		<-slots
		mu.Lock()
		results = append(results, r)
		mu.Unlock()
		for _, l := range links {
			if !seen[l] { // read and written by every page's goroutine at once
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
