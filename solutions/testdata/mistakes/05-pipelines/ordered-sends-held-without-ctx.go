// Mistake: Ordered sends the next id in a select with ctx.Done(), but the held messages that follow it with a
// bare `out <- h`. Once nobody reads and ctx is cancelled while it sends a held message, it waits on that
// send for ever.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/once_ctx_is_cancelled,_returns_ctx's_error_at_once_and_closes_its_output/while_it_waits_to_send_a_held_message

package main

func (b *reorderBuffer[T]) sendRun(ctx context.Context, out chan<- Message[T], m Message[T]) error {
	select {
	case out <- m:
	case <-ctx.Done():
		return ctx.Err()
	}
	b.next++
	for {
		h, ok := b.held[b.next]
		if !ok {
			return nil
		}
		delete(b.held, b.next)
		out <- h // waits for ever once nobody reads
		b.next++
	}
}
