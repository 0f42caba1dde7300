// Mistake: Run closes the output with a defer, when Run itself returns: at once, before the workers have sent
// anything. The consumer sees an empty stage, and the workers' sends panic.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/closes_its_output_only_once_every_worker_has_returned

package main

import (
	"context"

	"golang.org/x/sync/errgroup"
)

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	defer close(out) // runs when Run returns, long before the workers are done
	for range max(s.Workers, 1) {
		g.Go(func() error {
			return s.work(ctx, in, out)
		})
	}
	return out
}
