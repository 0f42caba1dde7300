// Mistake: a worker's send has a default case: when nobody is ready to take the result at that very moment,
// the result is dropped and the worker moves on. Messages vanish whenever the next stage is busy.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/returns_its_output_at_once,_before_anything_reads_it

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
			return ctx.Err()
		}
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
		default: // nobody ready: the result is dropped
		}
	}
}
