// Alternative: Run starts one goroutine in g, which starts the workers in g, waits for them, and closes the
// output: Run itself does nothing else.
// Replaces: 05-pipelines/stage.go

package main

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	g.Go(func() error {
		defer close(out)
		var workers sync.WaitGroup
		for range max(s.Workers, 1) {
			workers.Add(1)
			g.Go(func() error {
				defer workers.Done()
				return s.work(ctx, in, out)
			})
		}
		workers.Wait()
		return nil
	})
	return out
}
