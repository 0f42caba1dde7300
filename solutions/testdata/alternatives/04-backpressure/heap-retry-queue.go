// Alternative: the refused requests wait in a min-heap by due time (container/heap) instead of a sorted
// slice: the retry due first is always at the top, and a refusal is pushed in O(log n).
// Replaces: 04-backpressure/pushback.go

package main

import (
	"container/heap"
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func Backpressure(ctx context.Context, n, workers int, fetch lesson.Fetch, retry Retry) ([]lesson.Result, []Change) {
	start := time.Now()
	jobs := make(chan attempt)
	answers := make(chan answer)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for a := range jobs {
				answers <- answer{a, fetch(ctx, a.id)}
			}
		})
	}
	defer func() {
		close(jobs)
		wg.Wait()
	}()

	lim := NewLimiter(workers)
	changes := []Change{{0, lim.Limit()}}
	results := make([]lesson.Result, 0, n)
	var (
		queue    retryHeap
		next     int
		inFlight int
		budget   = retry.Budget
		done     = ctx.Done()
		timer    = time.NewTimer(time.Hour)
	)
	defer timer.Stop()
	for {
		now := time.Now()
		var send chan<- attempt
		var a attempt
		var wake time.Time
		if ctx.Err() == nil && inFlight < lim.Limit() {
			switch {
			case now.Before(lim.PausedUntil()):
				wake = lim.PausedUntil()
			case queue.Len() > 0 && !now.Before(queue[0].due):
				send, a = jobs, queue[0].attempt
			case next < n:
				send, a = jobs, attempt{id: next}
			case queue.Len() > 0:
				wake = queue[0].due
			}
		}
		if send == nil && inFlight == 0 && (ctx.Err() != nil || next == n && queue.Len() == 0) {
			break
		}
		var alarm <-chan time.Time
		if !wake.IsZero() {
			timer.Reset(wake.Sub(now))
			alarm = timer.C
		}

		select {
		case send <- a:
			inFlight++
			if a.attempt == 0 {
				next++
			} else {
				heap.Pop(&queue)
			}
		case ans := <-answers:
			r := ans.result
			if r.Status == http.StatusServiceUnavailable || r.Status == http.StatusTooManyRequests {
				now := time.Now()
				lim.Rejected(now, r.RetryAfter)
				if budget > 0 && ctx.Err() == nil {
					budget--
					due := now.Add(r.RetryAfter + retry.backoff(r.ID, ans.attempt.attempt))
					heap.Push(&queue, retrying{attempt{id: r.ID, attempt: ans.attempt.attempt + 1}, due, r})
				} else {
					results = append(results, r)
				}
			} else {
				if r.Err == nil {
					lim.Succeeded(inFlight)
				}
				results = append(results, r)
			}
			inFlight--
			if lim.Limit() != changes[len(changes)-1].Limit {
				changes = append(changes, Change{time.Since(start), lim.Limit()})
			}
		case <-alarm:
		case <-done:
			done = nil
		}
	}
	for _, q := range queue {
		results = append(results, q.last)
	}
	return results, changes
}

// retryHeap is a min-heap of refused requests by due time, for container/heap.
type retryHeap []retrying

func (h retryHeap) Len() int           { return len(h) }
func (h retryHeap) Less(i, j int) bool { return h[i].due.Before(h[j].due) }
func (h retryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *retryHeap) Push(x any)        { *h = append(*h, x.(retrying)) }
func (h *retryHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
