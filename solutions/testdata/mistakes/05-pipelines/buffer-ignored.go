// Mistake: the output is made without room (or with room for Workers messages), whatever Buffer says: the
// stage cannot run ahead of the next one by Buffer messages, as its caller asked.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/gives_its_output_room_for_Buffer_messages

package main

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O]) // Buffer ignored
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
