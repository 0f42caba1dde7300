// Alternative: the held messages are an unsorted slice, searched for the next id after each send: slower than
// a map for a large bound, and just as correct.
// Replaces: 05-pipelines/ordered.go

package main

import (
	"context"
	"fmt"
	"slices"

	"golang.org/x/sync/errgroup"
)

func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	out := make(chan Message[T])
	g.Go(func() error {
		defer close(out)
		var held []Message[T]
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
				if len(held) >= bound {
					return fmt.Errorf("ordered: %d messages held, and id %d has not come yet", len(held), next)
				}
				held = append(held, m)
				continue
			}
			for {
				select {
				case out <- m:
				case <-ctx.Done():
					return ctx.Err()
				}
				next++
				i := slices.IndexFunc(held, func(h Message[T]) bool { return h.ID == next })
				if i < 0 {
					break
				}
				m = held[i]
				held = slices.Delete(held, i, i+1)
			}
		}
	})
	return out
}
