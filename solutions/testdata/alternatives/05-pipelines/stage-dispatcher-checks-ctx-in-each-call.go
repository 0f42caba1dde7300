// Alternative: one dispatcher in g holds a token (one of Workers) from before each receive, and starts a
// goroutine in g per message, which checks ctx itself before its call, and gives the token back once its
// result is taken; once the input or ctx is done, the dispatcher waits for them and closes the output.
// Replaces: 05-pipelines/stage.go

package main

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	tokens := make(chan struct{}, max(1, s.Workers))
	g.Go(func() error {
		var running sync.WaitGroup
		defer close(out)
		defer running.Wait()
		for {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			var m Message[I]
			var open bool
			select {
			case m, open = <-in:
			case <-ctx.Done():
				return ctx.Err()
			}
			if !open {
				return nil
			}
			running.Add(1)
			g.Go(func() error {
				defer running.Done()
				defer func() { <-tokens }()
				if ctx.Err() != nil { // the message may have come at the very moment of the cancellation
					return ctx.Err()
				}
				r, err := s.Function(m)
				if err != nil {
					return fmt.Errorf("stage %s: %w", s.Name, err)
				}
				select {
				case out <- r:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
		}
	})
	return out
}
