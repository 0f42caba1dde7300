// Mistake: the held messages are a slice, and the flush deletes the next one from it before reading it: what
// it reads is the message after it (or nothing), so a held message goes out under the wrong id, or is lost,
// and the one it replaced stays held.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/sends_the_messages_in_ID_order,_holding_early_ones_up_to_its_bound/blocks_of_4_reversed,_bound_3

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
				held = slices.Delete(held, i, i+1)
				if i == len(held) {
					break // it was the last one: gone
				}
				m = held[i] // the message after the one deleted
			}
		}
	})
	return out
}
