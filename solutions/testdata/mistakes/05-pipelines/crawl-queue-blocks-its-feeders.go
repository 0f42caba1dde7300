// Mistake: the ids found go on a channel, which the workers both read (the ids to fetch) and send to (the
// ids their pages link to). Its buffer holds as many ids as there are workers. Once a level of the graph
// is wider than that, every worker waits to send the ids it found, no worker is left to receive, and the
// crawl waits for ever. The queue must take whatever the workers find without making them wait: a slice,
// kept by one goroutine that always receives what the workers hand back, or under a lock.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/does_not_block_the_workers_that_feed_it,_however_wide_a_level

package main

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	workers = max(workers, 1)
	var (
		mu      sync.Mutex
		seen    = map[int]bool{root: true}
		results []lesson.Result
		pending sync.WaitGroup // ids found whose fetch has not ended
		wg      sync.WaitGroup
	)
	queue := make(chan int, workers) // the ids found, waiting to be fetched
	pending.Add(1)
	queue <- root
	go func() {
		pending.Wait()
		close(queue)
	}()
	for range workers {
		wg.Go(func() {
			for id := range queue {
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
					pending.Add(1)
					queue <- l // blocks once the buffer is full: every worker may be here, none receiving
				}
				pending.Done()
			}
		})
	}
	wg.Wait()
	return results
}
