// Alternative: a worker stopped by ctx returns context.Cause(ctx), which is the first error of the pipeline
// when one failed, and context.Canceled when it was cancelled from outside.
// Replaces: 05-pipelines/stage.go

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
			return context.Cause(ctx)
		}
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		r, err := s.Function(m)
		if err != nil {
			return fmt.Errorf("stage %s: %w", s.Name, err)
		}
		select {
		case out <- r:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}
