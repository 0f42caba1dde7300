// Alternative: one owner goroutine (Crawl's own) that queues every link as it comes, duplicates and all,
// and marks an id when it hands it out, not when it is found: an id already handed out is skipped as it
// leaves the queue. The check and the mark are still one step, in the one goroutine that owns the set. A
// goroutine per fetch, started while fewer than workers are in flight, hands its page back on a channel
// with room for every fetch in flight.
// Replaces: 05-pipelines/challenge.go

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	workers = max(workers, 1)
	pages := make(chan fetchedPage, workers)
	fetched := map[int]bool{} // every id handed out
	queue := []int{root}      // every id found, perhaps more than once
	inFlight := 0
	var results []lesson.Result
	for {
		for ctx.Err() == nil && inFlight < workers && len(queue) > 0 {
			id := queue[0]
			queue = queue[1:]
			if fetched[id] {
				continue
			}
			fetched[id] = true
			inFlight++
			go func() {
				links, r := fetchPage(ctx, id)
				pages <- fetchedPage{links, r}
			}()
		}
		if inFlight == 0 {
			return results
		}
		p := <-pages
		inFlight--
		results = append(results, p.r)
		queue = append(queue, p.links...)
	}
}
