// Mistake: the goroutine that waits for the workers and closes the output is started first, and each worker
// is added to the WaitGroup only as it is started, after it. That goroutine may call Wait before the first
// Add: it finds the count at zero, and closes the output at once. It seldom happens, and -race reports it
// every time, as a race between Add and Wait.
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
	// Started before any worker is counted: its Wait may find zero.
	g.Go(func() error {
		workers.Wait()
		close(out)
		return nil
	})
	for range max(s.Workers, 1) {
		workers.Add(1) // too late for a Wait that has already begun
		g.Go(func() error {
			defer workers.Done()
			return s.work(ctx, in, out)
		})
	}
	return out
}
