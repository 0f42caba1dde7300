// Mistake: each worker adds itself to the WaitGroup inside its own g.Go function. The goroutine that waits
// and closes may run before any worker has: it finds the count at zero, and closes the output at once, while
// the workers are still to come, and their sends panic.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/closes_its_output_only_once_every_worker_has_returned

package main

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	var workers sync.WaitGroup
	for range max(s.Workers, 1) {
		g.Go(func() error {
			workers.Add(1) // too late: the closer may already have waited on a count of zero
			defer workers.Done()
			return s.work(ctx, in, out)
		})
	}
	// Every worker sends on out, so none of them may close it: this goroutine does, once they have all
	// returned. It is in g too, so g.Wait returns only once out is closed.
	g.Go(func() error {
		workers.Wait()
		close(out)
		return nil
	})
	return out
}
