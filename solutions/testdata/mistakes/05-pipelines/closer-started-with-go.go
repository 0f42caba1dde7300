// Mistake: the goroutine that waits for the workers and closes the output is started with a plain `go`, not
// g.Go. g.Wait does not wait for it: g.Wait may return while it still runs and the output is still open, and
// nothing owns that goroutine.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/runs_every_goroutine_it_starts_in_g:_the_output_is_closed_when_g.Wait_returns

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
	go func() { // not in g: g.Wait does not wait for it
		workers.Wait()
		close(out)
	}()
	return out
}
