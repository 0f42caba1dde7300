// Alternative: the busy workers counted with a channel of tokens sized to the pool: a worker puts a token
// in before its request, with a blocking send that never has to wait (there are as many places as
// workers), and takes one out after; the monitor reads len(busy). The pause is guarded by a mutex, and the
// producer waits it out with time.After in a select.
// Replaces: 04-backpressure/pace.go

package main

import (
	"context"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Throttled(ctx context.Context, n, workers int, fetch lesson.Fetch, th Throttle) []lesson.Result {
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	busy := make(chan struct{}, workers) // one token per busy worker: never more than workers
	var mu sync.Mutex
	var pause time.Duration
	monitorDone := make(chan struct{})
	go func() {
		defer close(monitorDone)
		Monitor(ctx, th, func() int { return len(busy) }, func(d time.Duration) {
			mu.Lock()
			pause = d
			mu.Unlock()
		})
	}()

	jobs := make(chan int)
	results := make(chan lesson.Result)
	go func() {
		defer close(jobs)
		for id := range n {
			mu.Lock()
			d := pause
			mu.Unlock()
			if d > 0 {
				select {
				case <-time.After(d):
				case <-ctx.Done():
					return
				}
			}
			select {
			case jobs <- id:
			case <-ctx.Done():
				return
			}
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs {
				if ctx.Err() != nil {
					return
				}
				busy <- struct{}{}
				r := fetch(ctx, id)
				<-busy
				results <- r
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var collected []lesson.Result
	for r := range results {
		collected = append(collected, r)
	}
	stop()
	<-monitorDone
	return collected
}
