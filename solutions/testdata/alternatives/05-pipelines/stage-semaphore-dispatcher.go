// Alternative: one dispatcher in g takes the messages and starts a goroutine in g for each, at most Workers
// at once (a semaphore), then waits for them and closes the output.
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
	slots := make(chan struct{}, max(s.Workers, 1))
	g.Go(func() error {
		var calls sync.WaitGroup
		defer func() {
			calls.Wait()
			close(out)
		}()
		for {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			var m Message[I]
			select {
			case msg, ok := <-in:
				if !ok {
					return nil
				}
				m = msg
			case <-ctx.Done():
				return ctx.Err()
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			calls.Add(1)
			g.Go(func() error {
				defer calls.Done()
				defer func() { <-slots }()
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
