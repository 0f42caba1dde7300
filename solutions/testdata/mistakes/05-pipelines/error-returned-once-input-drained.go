// Mistake: a worker keeps the first error of Function and carries on with the other messages, returning the
// error only once its input is drained: nothing is cancelled meanwhile, and the rest of the pipeline works on
// for nothing.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/an_error_in_a_stage_cancels_every_stage_and_the_source_at_once,_and_Wait_returns_it_with_the_stage's_name

package main

import (
	"context"
	"fmt"
)

func (s Stage[I, O]) work(ctx context.Context, in <-chan Message[I], out chan<- Message[O]) error {
	var first error
	for {
		var m Message[I]
		select {
		case msg, ok := <-in:
			if !ok {
				return first // the error comes out only now
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
			if first == nil {
				first = fmt.Errorf("stage %s: %w", s.Name, err)
			}
			continue
		}
		select {
		case out <- r:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
