// Mistake: as in the original project, each stage has an errgroup of its own. An error cancels that stage alone: the shared group never hears of it, g.Wait returns nil at once, and the stages upstream are left blocked on sends nobody takes.
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

// Run ignores g, as the original Run returned a group of its own that nobody waited on with care.
func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	sg, sctx := errgroup.WithContext(ctx) // a group per stage: an error cancels sctx, this stage only
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
	go func() {
		_ = sg.Wait() // the error stops here
		close(out)
	}()
	return out
}
