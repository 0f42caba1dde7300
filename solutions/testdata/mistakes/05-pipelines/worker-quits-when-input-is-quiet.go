// Mistake: a worker that has waited 100ms without a message takes the input for finished, and returns nil.
// A quiet input is not a closed one: once every worker has given up, the output closes while messages are
// still to come, and they are never worked on (the stage before waits for ever to hand them over).
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/waits_for_its_input_as_long_as_it_takes,_until_it_is_closed

package main

import (
	"context"
	"fmt"
	"time"
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
		case <-time.After(100 * time.Millisecond):
			return nil // a quiet spell taken for the end of the input
		}
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
}
