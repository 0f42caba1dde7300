// Mistake: one goroutine reads the input and starts a goroutine per message: there is no bound on the calls
// of Function at once, Workers is ignored, and a fetch stage would have every request in flight.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/keeps_exactly_Workers_calls_of_Function_running_at_once

package main

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	var calls sync.WaitGroup
	g.Go(func() error {
		defer func() {
			calls.Wait()
			close(out)
		}()
		for {
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
			calls.Add(1)
			g.Go(func() error { // one goroutine per message, however many
				defer calls.Done()
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
