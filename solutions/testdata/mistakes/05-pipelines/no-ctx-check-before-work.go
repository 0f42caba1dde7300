// Mistake: a worker receives in a select with ctx.Done(), but does not check ctx before calling Function. When a message and the cancellation are both ready, select picks either at random: some of the time, work starts after the pipeline was cancelled.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/calls_Function_no_more_once_ctx_is_cancelled

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
		})
	}
	g.Go(func() error {
		workers.Wait()
		close(out)
		return nil
	})
	return out
}
