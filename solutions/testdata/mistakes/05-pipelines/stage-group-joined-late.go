// Mistake: each stage runs its workers in an errgroup of its own and hands its error to the shared group only once every worker of the stage has returned: the other stages go on working (and fetching) until then.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/an_error_in_a_stage_cancels_every_stage_and_the_source_at_once,_and_Wait_returns_it_with_the_stage's_name

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
	sg, sctx := errgroup.WithContext(ctx)
	out := make(chan Message[O], s.Buffer)
	for range max(s.Workers, 1) {
		sg.Go(func() error {
			for {
				var m Message[I]
				select {
				case msg, ok := <-in:
					if !ok {
						return nil
					}
					m = msg
				case <-sctx.Done():
					return sctx.Err()
				}
				if sctx.Err() != nil {
					return sctx.Err()
				}
				r, err := s.Function(m)
				if err != nil {
					return fmt.Errorf("stage %s: %w", s.Name, err)
				}
				select {
				case out <- r:
				case <-sctx.Done():
					return sctx.Err()
				}
			}
		})
	}
	g.Go(func() error {
		defer close(out)
		return sg.Wait() // g hears of the error only once the whole stage has stopped: too late
	})
	return out
}
