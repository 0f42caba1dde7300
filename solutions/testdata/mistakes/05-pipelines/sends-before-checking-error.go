// Mistake: a worker sends what Function returned before it looks at the error: a message that failed still
// goes downstream (a zero or half-made Message), and only then does the error stop the pipeline.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/sends_nothing_for_a_message_whose_Function_fails

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
		select {
		case out <- r: // sent even when Function failed
		case <-ctx.Done():
			return ctx.Err()
		}
		if err != nil {
			return fmt.Errorf("stage %s: %w", s.Name, err)
		}
	}
}
