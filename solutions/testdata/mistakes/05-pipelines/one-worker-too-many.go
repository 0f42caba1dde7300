// Mistake: the loop that starts the workers counts from 0 to Workers included: one worker more than asked, so
// one more call of Function at once than the stage was given (one more request in flight, in the fetch
// stage).
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/keeps_exactly_Workers_calls_of_Function_running_at_once

package main

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	var workers sync.WaitGroup
	for i := 0; i <= max(s.Workers, 1); i++ { // Workers+1 workers
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
