// Alternative: Ordered's output has room for bound messages, so it can run ahead of a slow consumer; its
// goroutine and its reorder buffer are the reference's.
// Replaces: 05-pipelines/ordered.go

package main

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	out := make(chan Message[T], max(bound, 0))
	g.Go(func() error {
		defer close(out)
		return reorder(ctx, in, out, bound)
	})
	return out
}

// reorder is Ordered's loop: it returns when in is closed with nothing held (nil), when ctx is done, or on
// an error.
func reorder[T any](ctx context.Context, in <-chan Message[T], out chan<- Message[T], bound int) error {
	held := make(map[int]Message[T])
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
		if m.ID > next {
			if len(held) >= bound {
				return fmt.Errorf("ordered: the reorder buffer is full and id %d has not come yet", next)
			}
			held[m.ID] = m
			continue
		}
		for ok := true; ok; m, ok = held[next] {
			delete(held, m.ID)
			select {
			case out <- m:
			case <-ctx.Done():
				return ctx.Err()
			}
			next++
		}
	}
}
