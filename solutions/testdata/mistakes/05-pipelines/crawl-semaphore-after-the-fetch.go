// Mistake: a goroutine per id found, and a semaphore with room for workers tokens, but taken after the
// fetch, around the bookkeeping of the page: it bounds the goroutines that record pages, not the fetches.
// Every id found is fetched at once, and a level of the graph a hundred pages wide has a hundred fetches
// in flight. A semaphore bounds what happens between taking a token and giving it back: take it before
// the fetch, give it back after.
// Replaces: 05-pipelines/challenge.go
// Based on: crawl-waitgroup-add-before-done
// Caught by: TestCrawl/keeps_at_most_workers_fetches_in_flight

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	t := &tour{ctx: ctx, fetchPage: fetchPage, seen: map[int]bool{root: true}, tokens: make(chan struct{}, max(workers, 1))}
	t.wg.Add(1)
	go t.visit(root)
	t.wg.Wait()
	if ctx.Err() != nil {
		return nil
	}
	return t.results
}

func (t *tour) visit(id int) {
	defer t.wg.Done()
	if t.ctx.Err() != nil {
		return
	}
	links, r := t.fetchPage(t.ctx, id)
	t.tokens <- struct{}{} // after the fetch: the fetches are not bounded
	defer func() { <-t.tokens }()
	t.follow(r, links)
}
