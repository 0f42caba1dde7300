// Mistake: a worker sends its result on a bare `out <- r`. When the consumer stops reading and cancels, a worker holding a result waits on that send for ever: a goroutine leak, and g.Wait never returns.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/leaves_no_goroutine_behind_when_the_consumer_stops_early_and_cancels

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
				if ctx.Err() != nil {
					return ctx.Err()
				}
				r, err := s.Function(m)
				if err != nil {
					return fmt.Errorf("stage %s: %w", s.Name, err)
				}
				out <- r // blocks for ever once nobody reads
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
