// Mistake: once ctx is done, Ordered returns context.Canceled, whatever ended ctx, instead of ctx.Err(). A
// pipeline whose deadline passed then reports "context canceled": the error no longer says why it stopped.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/once_ctx_is_cancelled,_returns_ctx's_error_at_once_and_closes_its_output/when_ctx's_deadline_passes_while_it_waits_for_its_input

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
				return context.Canceled // not ctx.Err(): a deadline is reported as a cancellation
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
					return context.Canceled
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
