// Mistake: when the input closes while an id is missing, Ordered returns nil: the held messages are lost
// without a word, and the pipeline looks complete.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/fails_naming_the_missing_id_when_its_input_closes_before_that_id_comes

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
			var m Message[T]
			select {
			case msg, ok := <-in:
				if !ok {
					return nil // held messages, and the missing id, are forgotten
				}
				m = msg
			case <-ctx.Done():
				return ctx.Err()
			}
			if m.ID > next {
				if len(held) >= bound {
					return fmt.Errorf("ordered: the reorder buffer is full (%d messages) and id %d has not come yet", bound, next)
				}
				held[m.ID] = m
				continue
			}
			for {
				select {
				case out <- m:
				case <-ctx.Done():
					return ctx.Err()
				}
				next++
				var ok bool
				if m, ok = held[next]; !ok {
					break
				}
				delete(held, next)
			}
		}
	})
	return out
}
