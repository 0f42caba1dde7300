// Alternative: the Go Tour's shape, with the goroutine of an id started only once a slot is free: the page
// that found the id takes a slot for it (a channel with room for workers tokens), outside any lock, then
// starts its goroutine, which gives the slot back when its fetch returns. At most workers goroutines exist
// beyond the ones waiting for a slot, and a page waiting for a slot holds none, so the fetches in flight
// always free the slots it waits for. A WaitGroup counts the goroutines, each added before its go
// statement.
// Replaces: 05-pipelines/challenge.go

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
	start := func(id int) { // takes a slot for id, then starts its goroutine; nothing once ctx is done
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		if ctx.Err() != nil {
			<-slots
			return
		}
		wg.Add(1)
		go visit(id)
	}
	visit = func(id int) {
		defer wg.Done()
		links, r := fetchPage(ctx, id)
		<-slots
		var found []int
		mu.Lock()
		results = append(results, r)
		for _, l := range links {
			if !seen[l] {
				seen[l] = true
				found = append(found, l)
			}
		}
		mu.Unlock()
		for _, l := range found {
			start(l)
		}
	}
	start(root)
	wg.Wait()
	return results
}
