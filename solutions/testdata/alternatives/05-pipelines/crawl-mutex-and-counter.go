// Alternative: no owner: the workers share the set of ids found, the queue and a counter of the ids found
// and not yet done, all under one mutex, and wait on a sync.Cond while the queue is empty but work is
// still in flight. A worker adds the ids its page found before it counts its own id done, so the counter
// never touches zero while there is work; the worker that brings it to zero wakes the others, and they all
// return. ctx's cancellation wakes them too (context.AfterFunc).
// Replaces: 05-pipelines/challenge.go

package main

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Crawl(ctx context.Context, root, workers int, fetchPage FetchPage) []lesson.Result {
	var (
		mu      sync.Mutex
		wake    = sync.NewCond(&mu)
		seen    = map[int]bool{root: true}
		queue   = []int{root}
		left    = 1 // ids found whose fetch has not ended: queued or in flight
		results []lesson.Result
	)
	woken := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(woken)
		mu.Lock()
		defer mu.Unlock()
		wake.Broadcast()
	})
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
			for {
				for len(queue) == 0 && left > 0 && ctx.Err() == nil {
					wake.Wait()
				}
				if left == 0 || ctx.Err() != nil {
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
						left++
					}
				}
				left-- // after the links it found: the count is zero only once nothing is left
				wake.Broadcast()
			}
		})
	}
	wg.Wait()
	if !stop() { // ctx was cancelled, and the wake-up ran or runs: wait for it
		<-woken
	}
	return results
}
