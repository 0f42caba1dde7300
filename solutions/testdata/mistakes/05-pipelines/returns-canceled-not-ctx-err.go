// Mistake: a worker that stops because ctx is done returns context.Canceled, whatever ended ctx, instead of
// ctx.Err(). A pipeline whose deadline passed then reports "context canceled", not "context deadline
// exceeded": the error no longer says why it stopped.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/once_ctx_is_cancelled,_every_worker_returns_ctx's_error_at_once,_and_the_output_closes/when_ctx's_deadline_passes_while_its_workers_wait_to_send

package main

import (
	"context"
	"fmt"
)

func (s Stage[I, O]) work(ctx context.Context, in <-chan Message[I], out chan<- Message[O]) error {
	for {
		var m Message[I]
		select {
		case msg, ok := <-in:
			if !ok {
				return nil
			}
			m = msg
		case <-ctx.Done():
			return context.Canceled // not ctx.Err(): a deadline is reported as a cancellation
		}
		if ctx.Err() != nil {
			return context.Canceled
		}
		r, err := s.Function(m)
		if err != nil {
			return fmt.Errorf("stage %s: %w", s.Name, err)
		}
		select {
		case out <- r:
		case <-ctx.Done():
			return context.Canceled
		}
	}
}
