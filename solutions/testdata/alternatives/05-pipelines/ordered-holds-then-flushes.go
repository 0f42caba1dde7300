// Alternative: every message goes into the map first, the next one too (the bound is checked for early ones
// only), then a loop sends and deletes held[next] while it is there.
// Replaces: 05-pipelines/ordered.go

package main

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	out := make(chan Message[T])
	g.Go(func() error {
		defer close(out)
		held := map[int]Message[T]{}
		next := 0
		for {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case m, ok := <-in:
				if !ok {
					if len(held) > 0 {
						return fmt.Errorf("ordered: the input closed before id %d came", next)
					}
					return nil
				}
				if m.ID != next && len(held) >= bound {
					return fmt.Errorf("ordered: no room to hold id %d while waiting for id %d", m.ID, next)
				}
				held[m.ID] = m
			}
			for {
				m, ok := held[next]
				if !ok {
					break
				}
				select {
				case out <- m:
				case <-ctx.Done():
					return ctx.Err()
				}
				delete(held, next)
				next++
			}
		}
	})
	return out
}
