// Mistake: a bound of 0 is taken for "no limit", as some Go APIs read 0. Ordered's bound counts the early
// messages it may hold, and 0 holds none: with it, any message that comes early ends Ordered.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/puts_any_order_back_with_the_room_it_needs,_and_fails_exactly_when_it_has_less

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
			select {
			case msg, ok := <-in:
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
				if bound > 0 && len(held) >= bound { // 0 taken for "no limit"
					return fmt.Errorf("ordered: the reorder buffer is full (%d messages) and id %d has not come yet", bound, next)
				}
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
