// Mistake: an errgroup with SetLimit(workers) bounds the fetches, and each page's goroutine starts the
// pages it found with g.Go. But g.Go waits for a free slot, and the goroutine calling it holds one: once
// every slot is held by a goroutine that waits in g.Go for another, none is ever freed, and the crawl
// waits for ever (a level of the graph wider than workers is enough). The queue of ids found must never
// make the goroutines that feed it wait: bound the fetches with a semaphore taken around the fetch alone,
// or start the goroutines from one owner that counts what is in flight.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/does_not_block_the_workers_that_feed_it,_however_wide_a_level

package main

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	var (
		g       errgroup.Group
		mu      sync.Mutex // guards seen and results
		seen    = map[int]bool{root: true}
		results []lesson.Result
	)
	g.SetLimit(max(workers, 1))
	var visit func(id int) error
	visit = func(id int) error {
		if ctx.Err() != nil {
			return nil
		}
		links, r := fetchPage(ctx, id)
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
			g.Go(func() error { return visit(l) }) // waits for a slot, while this goroutine holds one
		}
		return nil
	}
	g.Go(func() error { return visit(root) })
	_ = g.Wait()
	return results
}
