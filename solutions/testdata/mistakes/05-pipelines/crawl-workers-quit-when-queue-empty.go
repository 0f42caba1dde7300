// Mistake: the workers share a queue under a lock, and a worker that finds it empty returns. At the
// start, the queue holds root alone: one worker takes it, and every other finds the queue empty and quits,
// though root's page is about to fill it. The crawl still ends, with one worker doing all the work. A worker
// that finds the queue empty must wait while fetches are in flight (a count of them, and a sync.Cond or a
// channel to wake it), and return only when nothing is in flight either.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/keeps_workers_fetches_in_flight_while_ids_wait_to_be_fetched

package main

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	var (
		mu      sync.Mutex
		seen    = map[int]bool{root: true}
		queue   = []int{root}
		results []lesson.Result
		wg      sync.WaitGroup
	)
	for range max(workers, 1) {
		wg.Go(func() {
			for {
				mu.Lock()
				if len(queue) == 0 || ctx.Err() != nil { // nothing to do for now: this worker is done for good
					mu.Unlock()
					return
				}
				id := queue[0]
				queue = queue[1:]
				mu.Unlock()
				links, r := fetchPage(ctx, id)
				mu.Lock()
				results = append(results, r)
				for _, l := range links {
					if !seen[l] {
						seen[l] = true
						queue = append(queue, l)
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return results
}
