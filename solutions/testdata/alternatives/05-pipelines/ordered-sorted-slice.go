// Alternative: the reorder buffer is a slice kept sorted by ID (slices.BinarySearchFunc, slices.Insert):
// messages go out from its front while the front is the next id.
// Replaces: 05-pipelines/ordered.go

package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"golang.org/x/sync/errgroup"
)

func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	out := make(chan Message[T])
	g.Go(func() error {
		defer close(out)
		var held []Message[T] // sorted by ID
		next := 0
		for {
			var m Message[T]
			select {
			case msg, ok := <-in:
				if !ok {
					if len(held) > 0 {
						return fmt.Errorf("ordered: the input closed while waiting for id %d", next)
					}
					return nil
				}
				m = msg
			case <-ctx.Done():
				return ctx.Err()
			}
			if m.ID != next {
				if len(held) == bound {
					return fmt.Errorf("ordered: the reorder buffer is full and id %d has not come yet", next)
				}
				i, _ := slices.BinarySearchFunc(held, m.ID, func(h Message[T], id int) int { return cmp.Compare(h.ID, id) })
				held = slices.Insert(held, i, m)
				continue
			}
			for {
				select {
				case out <- m:
				case <-ctx.Done():
					return ctx.Err()
				}
				next++
				if len(held) == 0 || held[0].ID != next {
					break
				}
				m, held = held[0], held[1:]
			}
		}
	})
	return out
}
