// Mistake: a worker drops the message whose Function failed and goes on: the error never reaches g, nothing is cancelled, and g.Wait returns nil as if all went well.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/an_error_in_a_stage_cancels_every_stage_and_the_source_at_once,_and_Wait_returns_it_with_the_stage's_name

//go:build !solution

package main

import (
	"context"
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
				if ctx.Err() != nil {
					return ctx.Err()
				}
				r, err := s.Function(m)
				if err != nil {
					continue // the error is lost
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
