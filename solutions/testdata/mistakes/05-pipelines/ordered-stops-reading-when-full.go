// Mistake: with the reorder buffer full, Ordered stops reading its input (a nil channel in the select) until
// the missing id comes. It never comes: it can only come through the input, behind the very messages
// Ordered no longer takes. Ordered waits for ever, and the stages before it with it.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/holds_no_more_than_its_bound,_then_fails_naming_the_missing_id

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
		held := make(map[int]Message[T], max(bound, 0)) // messages that came early, by id
		next := 0                                       // the id to send next
		for {
			var m Message[T]
			src := in
			if len(held) >= bound {
				src = nil // full: wait for the missing id, which can only come through in
			}
			select {
			case msg, ok := <-src:
				if !ok {
					if len(held) > 0 {
						return fmt.Errorf("ordered: the input closed while waiting for id %d (%d later messages held)", next, len(held))
					}
					return nil
				}
				m = msg
			case <-ctx.Done():
				return ctx.Err()
			}
			if _, dup := held[m.ID]; dup || m.ID < next {
				return fmt.Errorf("ordered: id %d came twice", m.ID)
			}
			if m.ID > next {
				held[m.ID] = m
				continue
			}
			// m is the next one: send it, then every held message that follows it without a gap.
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
