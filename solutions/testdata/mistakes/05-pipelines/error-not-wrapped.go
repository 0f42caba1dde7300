// Mistake: the worker returns Function's error formatted with %v, not wrapped with %w: the message names the
// stage, but errors.Is and errors.As no longer find the cause, so a caller cannot tell a time-out from a bad
// body.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/an_error_in_a_stage_cancels_every_stage_and_the_source_at_once,_and_Wait_returns_it_with_the_stage's_name

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
			return fmt.Errorf("stage %s: %v", s.Name, err) // %v: the cause is text now
		}
		select {
		case out <- r:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
