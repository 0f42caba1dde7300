// Alternative: each worker says it is done on a channel as it returns, and the closer, in g, counts Workers
// of those before it closes the output.
// Replaces: 05-pipelines/stage.go

package main

import (
	"context"

	"golang.org/x/sync/errgroup"
)

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	n := max(s.Workers, 1)
	done := make(chan struct{}, n) // room for every worker: saying it is done never waits
	for range n {
		g.Go(func() error {
			defer func() { done <- struct{}{} }()
			return s.work(ctx, in, out)
		})
	}
	g.Go(func() error {
		for range n {
			<-done
		}
		close(out)
		return nil
	})
	return out
}
