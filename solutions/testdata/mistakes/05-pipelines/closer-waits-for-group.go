// Mistake: the goroutine that closes the output waits with g.Wait, not for the stage's own workers. g.Wait waits for every goroutine in g, the later stages' too, and those return only once this output is closed: in a pipeline of two stages, nothing is ever closed.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/closes_its_output_once_its_own_workers_are_done,_while_other_goroutines_in_g_still_run

//go:build !solution

package main

import (
	"context"
	"fmt"

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
	for range max(s.Workers, 1) {
		g.Go(func() error {
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
		})
	}
	go func() {
		_ = g.Wait() // waits for every goroutine in g: the later stages too, which wait for this close
		close(out)
	}()
	return out
}
