// Mistake: every worker closes the output when it returns. The first close comes while the other workers may
// still send, and the second one panics (close of closed channel, which crashes the test binary): only one
// goroutine, once every worker is done, may close it.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/closes_its_output_only_once_every_worker_has_returned

package main

import (
	"context"

	"golang.org/x/sync/errgroup"
)

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	for range max(s.Workers, 1) {
		g.Go(func() error {
			defer close(out) // every worker closes: the second close panics
			return s.work(ctx, in, out)
		})
	}
	return out
}
