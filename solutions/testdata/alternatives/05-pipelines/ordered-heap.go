// Alternative: the reorder buffer is a min-heap of the held messages by ID (container/heap): the next id is
// on top when it is there, and messages go out while the top is the next one.
// Replaces: 05-pipelines/ordered.go

package main

import (
	"container/heap"
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	out := make(chan Message[T])
	g.Go(func() error {
		defer close(out)
		var held byID[T]
		next := 0
		send := func(m Message[T]) error {
			select {
			case out <- m:
				next++
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		for {
			select {
			case m, ok := <-in:
				if !ok {
					if held.Len() > 0 {
						return fmt.Errorf("ordered: the input closed while waiting for id %d", next)
					}
					return nil
				}
				if m.ID != next {
					if held.Len() >= bound {
						return fmt.Errorf("ordered: %d messages held, and id %d has not come yet", held.Len(), next)
					}
					heap.Push(&held, m)
					continue
				}
				if err := send(m); err != nil {
					return err
				}
				for held.Len() > 0 && held[0].ID == next {
					if err := send(heap.Pop(&held).(Message[T])); err != nil {
						return err
					}
				}
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	})
	return out
}

// byID is a min-heap of messages by ID, for container/heap.
type byID[T any] []Message[T]

func (h byID[T]) Len() int           { return len(h) }
func (h byID[T]) Less(i, j int) bool { return h[i].ID < h[j].ID }
func (h byID[T]) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *byID[T]) Push(x any)        { *h = append(*h, x.(Message[T])) }
func (h *byID[T]) Pop() any {
	old := *h
	m := old[len(old)-1]
	*h = old[:len(old)-1]
	return m
}
