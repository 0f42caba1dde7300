// Alternative: one owner goroutine (Crawl's own) with a work queue, and no pool: the owner starts a
// goroutine for each fetch while fewer than workers are in flight, and each hands its page back on a
// channel with room for every fetch in flight, so that none ever waits to hand it over. The owner alone
// touches the set of ids found, the queue and the count in flight.
// Replaces: 05-pipelines/challenge.go

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	workers = max(workers, 1)
	pages := make(chan fetchedPage, workers)
	seen := map[int]bool{root: true}
	queue := []int{root}
	inFlight := 0
	var results []lesson.Result
	for {
		for ctx.Err() == nil && len(queue) > 0 && inFlight < workers {
			id := queue[0]
			queue = queue[1:]
			inFlight++
			go func() {
				links, r := fetchPage(ctx, id)
				pages <- fetchedPage{links, r}
			}()
		}
		if inFlight == 0 {
			return results // nothing in flight, and nothing to start: done (or cancelled)
		}
		p := <-pages // fetchPage returns at once once ctx is done: this never waits long after it
		inFlight--
		results = append(results, p.r)
		for _, id := range p.links {
			if !seen[id] {
				seen[id] = true
				queue = append(queue, id)
			}
		}
	}
}
