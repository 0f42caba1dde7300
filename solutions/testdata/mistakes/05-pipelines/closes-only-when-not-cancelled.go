// Mistake: the closer closes the output only when ctx is not done: after an error or a cancellation the
// output stays open, and the stage after it waits for ever for its end.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/once_ctx_is_cancelled,_every_worker_returns_ctx's_error_at_once,_and_the_output_closes/while_its_workers_wait_for_input

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
		workers.Add(1)
		g.Go(func() error {
			defer workers.Done()
			return s.work(ctx, in, out)
		})
	}
	g.Go(func() error {
		workers.Wait()
		if ctx.Err() == nil { // cancelled: the output stays open
			close(out)
		}
		return nil
	})
	return out
}
