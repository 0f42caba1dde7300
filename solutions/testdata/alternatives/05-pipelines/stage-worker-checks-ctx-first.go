// Alternative: a worker looks at ctx before each wait and again after each message, with a select on
// ctx.Done() and a default case, rather than calling ctx.Err(); its receive and send still wait on ctx.Done()
// too.
// Replaces: 05-pipelines/stage.go

package main

import (
	"context"
	"fmt"
)

func (s Stage[I, O]) work(ctx context.Context, in <-chan Message[I], out chan<- Message[O]) error {
	done := func() bool {
		select {
		case <-ctx.Done():
			return true
		default:
			return false
		}
	}
	for !done() {
		select {
		case <-ctx.Done():
		case m, ok := <-in:
			if !ok {
				return nil
			}
			if done() {
				break
			}
			r, err := s.Function(m)
			if err != nil {
				return fmt.Errorf("stage %s: %w", s.Name, err)
			}
			select {
			case out <- r:
			case <-ctx.Done():
			}
		}
	}
	return ctx.Err()
}
