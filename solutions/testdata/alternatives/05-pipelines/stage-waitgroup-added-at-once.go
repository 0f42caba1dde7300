// Alternative: the WaitGroup is given the whole count with one Add before the workers start, and the closer
// is a deferred close in a goroutine of g.
// Replaces: 05-pipelines/stage.go

package main

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	n := max(s.Workers, 1)
	var workers sync.WaitGroup
	workers.Add(n)
	for range n {
		g.Go(func() error {
			defer workers.Done()
			return s.work(ctx, in, out)
		})
	}
	g.Go(func() error {
		defer close(out)
		workers.Wait()
		return nil
	})
	return out
}
