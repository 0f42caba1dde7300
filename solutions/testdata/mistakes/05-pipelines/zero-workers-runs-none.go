// Mistake: Run starts s.Workers workers as given: with Workers 0 (or less) it starts none, and closes the
// output at once with nothing in it, where the contract counts less than 1 as 1.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/runs_one_worker_when_Workers_is_0_or_less

package main

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	var workers sync.WaitGroup
	for range s.Workers { // none at all when Workers is 0 or less
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
