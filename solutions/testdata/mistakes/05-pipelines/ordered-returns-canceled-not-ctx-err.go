// Mistake: once ctx is done, Ordered returns context.Canceled, whatever ended ctx, instead of ctx.Err(). A
// pipeline whose deadline passed then reports "context canceled": the error no longer says why it stopped.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/once_ctx_is_cancelled,_returns_ctx's_error_at_once_and_closes_its_output/when_ctx's_deadline_passes_while_it_waits_for_its_input

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
			return context.Canceled // not ctx.Err(): a deadline is reported as a cancellation
		}
	}
}

func (b *reorderBuffer[T]) sendRun(ctx context.Context, out chan<- Message[T], m Message[T]) error {
	for {
		select {
		case out <- m:
		case <-ctx.Done():
			return context.Canceled // not ctx.Err()
		}
		b.next++
		var ok bool
		if m, ok = b.held[b.next]; !ok {
			return nil
		}
		delete(b.held, b.next)
	}
}
