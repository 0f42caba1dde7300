// Mistake: Ordered gives up when the id it waits for has not come within a second, and fails. Nothing in its
// contract bounds that wait in time: a pipeline whose slowest request is merely slow (a time-out of 10
// seconds, say) fails for nothing.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/waits_for_a_missing_id_as_long_as_it_takes

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
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second): // a time limit of its own
			return fmt.Errorf("ordered: id %d did not come within a second", buf.next)
		}
	}
}
