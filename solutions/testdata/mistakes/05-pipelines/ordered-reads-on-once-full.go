// Mistake: once an early message finds the buffer full, Ordered keeps the error, drops that message and
// every one after it, and returns the error only when its input closes. Memory stays bounded, but nothing
// is cancelled meanwhile: the whole pipeline works on, for nothing, to the end of the run.
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
		var full error                                  // the buffer was full: the error, kept for the end
		for {
			var m Message[T]
			select {
			case msg, ok := <-in:
				if !ok && full != nil {
					return full
				}
				if !ok {
					if len(held) > 0 {
						return fmt.Errorf("ordered: the input closed while waiting for id %d (%d later messages held)", next, len(held))
					}
					return nil
				}
				m = msg
				if full != nil {
					continue // dropped: the error waits for the end of the input
				}
			case <-ctx.Done():
				return ctx.Err()
			}
			if _, dup := held[m.ID]; dup || m.ID < next {
				return fmt.Errorf("ordered: id %d came twice", m.ID)
			}
			if m.ID > next {
				if len(held) >= bound {
					full = fmt.Errorf("ordered: the reorder buffer is full (%d messages) and id %d has not come yet", bound, next)
					continue
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
