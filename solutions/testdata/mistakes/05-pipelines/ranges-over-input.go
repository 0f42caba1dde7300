// Mistake: as in the original project, a worker ranges over its input, which cannot see ctx: once ctx is
// cancelled, a worker whose input never closes waits for it for ever, and the output is never closed.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/once_ctx_is_cancelled,_every_worker_returns_ctx's_error_at_once,_and_the_output_closes/while_its_workers_wait_for_input

package main

import (
	"context"
	"fmt"
)

func (s Stage[I, O]) work(ctx context.Context, in <-chan Message[I], out chan<- Message[O]) error {
	for m := range in { // waits for in, whatever becomes of ctx
		// When a message and ctx.Done() are both ready, select picks either: check, so that no work
		// starts once the pipeline is cancelled.
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r, err := s.Function(m)
		if err != nil {
			return fmt.Errorf("stage %s: %w", s.Name, err)
		}
		select {
		case out <- r:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
