// Mistake: Ordered returns nil when ctx is done: cut short, it looks complete to g, and a pipeline cancelled
// from outside can end with no error at all.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/once_ctx_is_cancelled,_returns_ctx's_error_at_once_and_closes_its_output/while_it_waits_for_its_input

package main

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
			return nil // cut short, yet it says all went well
		}
	}
}

func (b *reorderBuffer[T]) sendRun(ctx context.Context, out chan<- Message[T], m Message[T]) error {
	for {
		select {
		case out <- m:
		case <-ctx.Done():
			return nil // cut short, yet it says all went well
		}
		b.next++
		var ok bool
		if m, ok = b.held[b.next]; !ok {
			return nil
		}
		delete(b.held, b.next)
	}
}
