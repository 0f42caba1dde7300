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
	t := &tour{ctx: ctx, fetchPage: fetchPage, seen: map[int]bool{root: true}, tokens: make(chan struct{}, max(workers, 1))}
	t.wg.Add(1)
	go t.visit(root)
	t.wg.Wait()
	return t.results
}

// tour is a crawl in the Go Tour's shape: a goroutine per id found, each counted in wg before it starts.
type tour struct {
	ctx       context.Context
	fetchPage FetchPage
	wg        sync.WaitGroup
	mu        sync.Mutex // guards seen and results
	seen      map[int]bool
	results   []lesson.Result
	tokens    chan struct{} // a token per fetch in flight
}

// visit fetches id, records its page, and starts a goroutine for each id its page found first.
func (t *tour) visit(id int) {
	defer t.wg.Done() // deferred: after the Adds in follow
	links, r, ok := t.fetch(id)
	if ok {
		t.follow(r, links)
	}
}

// fetch fetches id holding a token; false, and no fetch, once ctx is done.
func (t *tour) fetch(id int) (links []int, r lesson.Result, ok bool) {
	select {
	case t.tokens <- struct{}{}:
	case <-t.ctx.Done():
		return nil, r, false
	}
	defer func() { <-t.tokens }()
	if t.ctx.Err() != nil { // a token and ctx.Done() were both ready, and select took the token
		return nil, r, false
	}
	links, r = t.fetchPage(t.ctx, id)
	return links, r, true
}

// follow records a page's result, and counts and starts a goroutine for each of its links not seen before.
func (t *tour) follow(r lesson.Result, links []int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.results = append(t.results, r)
	for _, l := range links {
		if !t.seen[l] {
			t.seen[l] = true
			t.wg.Add(1)
			go t.visit(l)
		}
	}
}
