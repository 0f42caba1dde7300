// Alternative: the Go Tour's shape done right: a goroutine per id found, a WaitGroup that counts them, a
// mutex around the set of ids found and the results, and a semaphore (a channel with room for workers
// tokens) around each fetch. A page's goroutine calls Add for each id its page found before its own Done,
// so the count never touches zero while work remains, and Wait returns exactly when the last fetch is
// done. Goroutines wait for a token, not fetches: at most workers fetches are in flight.
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
		mu      sync.Mutex
		seen    = map[int]bool{root: true}
		results []lesson.Result
		tokens  = make(chan struct{}, max(workers, 1))
	)
	var visit func(id int)
	visit = func(id int) {
		defer wg.Done() // deferred: after the Adds below
		select {
		case tokens <- struct{}{}:
		case <-ctx.Done():
			return
		}
		if ctx.Err() != nil { // a token and ctx.Done() were both ready, and select took the token
			<-tokens
			return
		}
		links, r := fetchPage(ctx, id)
		<-tokens
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
