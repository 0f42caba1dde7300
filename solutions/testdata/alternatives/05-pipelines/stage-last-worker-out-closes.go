// Alternative: no goroutine waits to close the output: the workers count themselves out on an atomic counter,
// and the last one out closes it.
// Replaces: 05-pipelines/stage.go

package main

import (
	"context"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	n := max(s.Workers, 1)
	var running atomic.Int64
	running.Store(int64(n)) // counted before any worker starts
	for range n {
		g.Go(func() error {
			defer func() {
				if running.Add(-1) == 0 { // the last one out
					close(out)
				}
			}()
			return s.work(ctx, in, out)
		})
	}
	return out
}
