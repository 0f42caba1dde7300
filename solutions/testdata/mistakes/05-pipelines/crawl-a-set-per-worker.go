// Mistake: the workers share the queue and the count in flight under a lock, but each keeps its own set
// of the ids it has seen, so nothing tells a worker what the others found. Two pages that link to the same
// id, fetched by two workers, both queue it; a page that links back to one fetched by another worker
// queues it again. There is one set of ids found for the whole crawl, checked and marked in the same step
// as the queue, under the same lock (or kept by one goroutine).
// Replaces: 05-pipelines/challenge.go
// Caught by: TestCrawl/fetches_an_id_once,_however_many_pages_find_it_at_the_same_moment

package main

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	var (
		mu       sync.Mutex
		cond     = sync.NewCond(&mu)
		queue    = []int{root}
		inFlight int
		results  []lesson.Result
		wg       sync.WaitGroup
	)
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		cond.Broadcast()
	})
	defer stop()
	for range max(workers, 1) {
		wg.Go(func() {
			seen := map[int]bool{root: true} // this worker's alone
			mu.Lock()
			defer mu.Unlock()
			for {
				for len(queue) == 0 && inFlight > 0 && ctx.Err() == nil {
					cond.Wait()
				}
				if len(queue) == 0 || ctx.Err() != nil {
					cond.Broadcast()
					return
				}
				id := queue[0]
				queue = queue[1:]
				seen[id] = true
				inFlight++
				mu.Unlock()
				links, r := fetchPage(ctx, id)
				mu.Lock()
				inFlight--
				results = append(results, r)
				for _, l := range links {
					if !seen[l] {
						seen[l] = true
						queue = append(queue, l)
					}
				}
				cond.Broadcast()
			}
		})
	}
	wg.Wait()
	return results
}
