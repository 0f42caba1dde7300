// Mistake: the Go Tour's shape, a goroutine per page counted in a WaitGroup, with each goroutine calling
// Add for itself, as its first statement. But Wait may run before the goroutine does: right after
// `go visit(root)` the count is still zero, and Wait returns at once, before root is fetched; later, a
// page's Done can bring the count to zero before the goroutines it started have added themselves. Add
// belongs before the go statement, in the goroutine that starts the new one.
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
		mu      sync.Mutex // guards seen and results
		seen    = map[int]bool{root: true}
		results []lesson.Result
		slots   = make(chan struct{}, max(workers, 1))
	)
	var visit func(id int)
	visit = func(id int) {
		wg.Add(1) // too late: Wait may already have found the count at zero
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
		defer mu.Unlock()
		results = append(results, r)
		for _, l := range links {
			if !seen[l] {
				seen[l] = true
				go visit(l)
			}
		}
	}
	go visit(root)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	return results
}
