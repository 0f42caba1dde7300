// Mistake: the crawl goes level by level: it fetches every id of one level with the workers, waits for
// all of them, and only then starts on the ids they found. It is correct, and it ends, but each level's
// last round leaves workers idle while the next level's ids wait, and the slowest page of a level holds
// up the whole next level. Fetch an id as soon as it is found and a worker is free: one queue for every
// level, and a count of the fetches in flight to know the end.
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/keeps_workers_fetches_in_flight_while_ids_wait_to_be_fetched

package main

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	seen := map[int]bool{root: true}
	var results []lesson.Result
	for level := []int{root}; len(level) > 0 && ctx.Err() == nil; {
		var (
			mu   sync.Mutex
			next []int
			wg   sync.WaitGroup
		)
		ids := make(chan int)
		for range max(workers, 1) {
			wg.Go(func() {
				for id := range ids {
					links, r := fetchPage(ctx, id)
					mu.Lock()
					results = append(results, r)
					for _, l := range links {
						if !seen[l] {
							seen[l] = true
							next = append(next, l)
						}
					}
					mu.Unlock()
				}
			})
		}
		for _, id := range level {
			if ctx.Err() != nil {
				break
			}
			ids <- id
		}
		close(ids)
		wg.Wait() // the whole level, before any of the next
		level = next
	}
	return results
}
