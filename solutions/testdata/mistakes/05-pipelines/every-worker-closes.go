// Mistake: every worker closes the output when it returns. The first close comes while the other workers still send, and the second close panics: only one goroutine, after every worker is done, may close it.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/returns_its_output_at_once,_before_anything_reads_it

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
			defer close(out) // every worker closes: the second close panics
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
	return out
}
