// Mistake: a worker receives with `m, ok := <-in` but calls Function before it looks at ok: when the input
// closes, it works on the zero Message and sends one message too many (id 0, again).
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/closes_its_output_only_once_every_worker_has_returned

package main

import (
	"context"
	"fmt"
)

func (s Stage[I, O]) work(ctx context.Context, in <-chan Message[I], out chan<- Message[O]) error {
	for {
		var m Message[I]
		var more bool
		select {
		case m, more = <-in:
		case <-ctx.Done():
			return ctx.Err()
		}
		// When a message and ctx.Done() are both ready, select picks either: check, so that no work
		// starts once the pipeline is cancelled.
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r, err := s.Function(m) // also for the zero Message that a closed input gives
		if err != nil {
			return fmt.Errorf("stage %s: %w", s.Name, err)
		}
		select {
		case out <- r:
		case <-ctx.Done():
			return ctx.Err()
		}
		if !more {
			return nil
		}
	}
}
