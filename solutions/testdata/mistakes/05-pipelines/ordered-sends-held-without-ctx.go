// Mistake: Ordered sends the next id in a select with ctx.Done(), but the held messages that follow it with a
// bare `out <- h`. Once nobody reads and ctx is cancelled while it sends a held message, it waits on that
// send for ever.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/once_ctx_is_cancelled,_returns_ctx's_error_at_once_and_closes_its_output/while_it_waits_to_send_a_held_message

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
				if len(held) >= bound {
					return fmt.Errorf("ordered: the reorder buffer is full (%d messages) and id %d has not come yet", bound, next)
				}
				held[m.ID] = m
				continue
			}
			// m is the next one: send it, then every held message that follows it without a gap.
			select {
			case out <- m:
			case <-ctx.Done():
				return ctx.Err()
			}
			next++
			for {
				h, ok := held[next]
				if !ok {
					break
				}
				delete(held, next)
				out <- h // waits for ever once nobody reads
				next++
			}
		}
	})
	return out
}
