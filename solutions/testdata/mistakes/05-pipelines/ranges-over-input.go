// Mistake: as in the original project, a worker ranges over its input, which cannot see ctx: once ctx is cancelled, a worker whose input never closes waits for it for ever, and the output is never closed.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/stops_and_closes_its_output_once_ctx_is_cancelled,_even_if_its_input_never_closes

//go:build !solution

package main

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Message is one item travelling through a pipeline.
type Message[T any] struct {
	ID      int
	Payload T
}

// Stage is one step of a pipeline.
type Stage[I, O any] struct {
	Name     string
	Workers  int
	Buffer   int
	Function func(Message[I]) (Message[O], error)
}

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], s.Buffer)
	var workers sync.WaitGroup
	for range max(s.Workers, 1) {
		workers.Add(1)
		g.Go(func() error {
			defer workers.Done()
			for m := range in { // waits for in, whatever becomes of ctx
				if ctx.Err() != nil {
					return ctx.Err()
				}
				r, err := s.Function(m)
				if err != nil {
					return fmt.Errorf("stage %s: %w", s.Name, err)
				}
				select {
				case out <- r:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		workers.Wait()
		close(out)
		return nil
	})
	return out
}
