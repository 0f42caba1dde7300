// Mistake: the Go Tour's shape done right, but its only look at ctx is a select between taking a slot and
// <-ctx.Done(). When ctx is already done and a slot is free, both cases are ready, and select picks one at
// random: one crawl in two fetches root all the same (and, once ctx is done mid-crawl, a goroutine that
// finds a slot free may start a fetch). A select is no check: check ctx.Err() after taking the slot, before
// the fetch starts.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/makes_no_fetch_when_ctx_is_already_done

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
		select { // both ready when ctx is done and a slot free: either may be picked
		case slots <- struct{}{}:
		case <-ctx.Done():
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
