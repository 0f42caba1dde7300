// Mistake: the workers count themselves out on an atomic counter, and the closer checks it every millisecond
// instead of being woken by the last one: the output closes up to a tick after the last worker has returned,
// and g.Wait returns that much later after a cancellation.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/once_ctx_is_cancelled,_every_worker_returns_ctx's_error_at_once,_and_the_output_closes/while_its_workers_wait_for_input

package main

import (
	"context"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	var running atomic.Int64
	running.Store(int64(max(s.Workers, 1)))
	for range max(s.Workers, 1) {
		g.Go(func() error {
			defer running.Add(-1)
			return s.work(ctx, in, out)
		})
	}
	g.Go(func() error {
		for running.Load() > 0 {
			time.Sleep(time.Millisecond) // looks again a tick later
		}
		close(out)
		return nil
	})
	return out
}
