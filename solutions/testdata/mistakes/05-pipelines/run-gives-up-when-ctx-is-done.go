// Mistake: Run, called with ctx already done, returns a closed output and starts nothing: no goroutine
// returns ctx's error, so g.Wait returns nil, and a pipeline that never ran looks complete.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/once_ctx_is_cancelled,_every_worker_returns_ctx's_error_at_once,_and_the_output_closes/when_ctx_is_already_done_as_Run_is_called

package main

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	if ctx.Err() != nil { // nothing in g to say why
		close(out)
		return out
	}
	var workers sync.WaitGroup
	for range max(s.Workers, 1) {
		workers.Add(1)
		g.Go(func() error {
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
