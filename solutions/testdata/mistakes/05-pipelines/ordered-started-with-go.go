// Mistake: Ordered's goroutine is started with a plain `go`, and hands an error to g with g.Go when it has
// one. g.Wait does not wait for it: it may return while Ordered still runs, and an error that comes after
// that is lost.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/runs_its_goroutine_in_g:_the_output_is_closed_when_g.Wait_returns

package main

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	out := make(chan Message[T])
	go func() { // not in g: g.Wait does not wait for it
		defer close(out)
		if err := order(ctx, in, out, bound); err != nil {
			g.Go(func() error { return err })
		}
	}()
	return out
}

func order[T any](ctx context.Context, in <-chan Message[T], out chan<- Message[T], bound int) error {
	held := map[int]Message[T]{}
	next := 0
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
}
