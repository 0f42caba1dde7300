// Mistake: the first worker to return closes the output (once, with a sync.Once), while the others may still
// be working: their results then go to a closed channel, and the send panics.
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
	var once sync.Once
	for range max(s.Workers, 1) {
		g.Go(func() error {
			defer once.Do(func() { close(out) }) // the first worker out, not the last
			return s.work(ctx, in, out)
		})
	}
	return out
}
