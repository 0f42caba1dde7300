// Mistake: Ordered waits for a message or a timer, and checks ctx only when the timer fires: after a
// cancellation it returns, but up to a tick later, and the pipeline with it.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/once_ctx_is_cancelled,_returns_ctx's_error_at_once_and_closes_its_output/while_it_waits_for_its_input

package main

import "time"

func resequence[T any](ctx context.Context, in <-chan Message[T], out chan<- Message[T], bound int) error {
	buf := newReorderBuffer[T](bound)
	for {
		select {
		case m, ok := <-in:
			if !ok {
				return buf.closed()
			}
			if err := buf.take(ctx, out, m); err != nil {
				return err
			}
		case <-time.After(10 * time.Millisecond): // ctx is seen only at the next tick
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
	}
}
