// Mistake: a worker checks ctx at the top of its loop, before it waits for a message, and not after: a
// message and the cancellation both ready, select may take the message, and Function then runs after the
// cancellation.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/calls_Function_no_more_once_ctx_is_cancelled,_even_for_a_message_that_woke_it_then

package main

import (
	"context"
	"fmt"
)

func (s Stage[I, O]) work(ctx context.Context, in <-chan Message[I], out chan<- Message[O]) error {
	for {
		if ctx.Err() != nil { // checked before the wait, not after it
			return ctx.Err()
		}
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
}
