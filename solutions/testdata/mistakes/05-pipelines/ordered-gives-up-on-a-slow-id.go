// Mistake: Ordered gives up when the id it waits for has not come within a second, and fails. Nothing in its
// contract bounds that wait in time: a pipeline whose slowest request is merely slow (a time-out of 10
// seconds, say) fails for nothing.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/waits_for_a_missing_id_as_long_as_it_takes

package main

import (
	"context"
	"fmt"
	"time"

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
			case <-time.After(time.Second): // a time limit of its own
				return fmt.Errorf("ordered: id %d did not come within a second", next)
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
