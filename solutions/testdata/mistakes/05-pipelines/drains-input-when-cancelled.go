// Mistake: once ctx is done, a worker reads its input to the end before it returns, to spare the stage before
// it a blocked send: but that stage watches ctx itself, and an input that never closes keeps the worker for
// ever.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/once_ctx_is_cancelled,_every_worker_returns_ctx's_error_at_once,_and_the_output_closes/while_its_workers_wait_for_input

package main

import (
	"context"
	"fmt"
)

func (s Stage[I, O]) work(ctx context.Context, in <-chan Message[I], out chan<- Message[O]) error {
	drain := func() error {
		for range in { // until in closes, which it may never do
		}
		return ctx.Err()
	}
	for {
		var m Message[I]
		select {
		case msg, ok := <-in:
			if !ok {
				return nil
			}
			m = msg
		case <-ctx.Done():
			return drain()
		}
		if ctx.Err() != nil {
			return drain()
		}
		r, err := s.Function(m)
		if err != nil {
			return fmt.Errorf("stage %s: %w", s.Name, err)
		}
		select {
		case out <- r:
		case <-ctx.Done():
			return drain()
		}
	}
}
