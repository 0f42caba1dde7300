// Mistake: Ordered sends on its output with a bare `out <- m`: once nobody reads and ctx is cancelled, it
// waits on that send for ever.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/once_ctx_is_cancelled,_returns_ctx's_error_at_once_and_closes_its_output/while_it_waits_to_send

package main

func (b *reorderBuffer[T]) sendRun(ctx context.Context, out chan<- Message[T], m Message[T]) error {
	for {
		out <- m // waits for ever once nobody reads
		b.next++
		var ok bool
		if m, ok = b.held[b.next]; !ok {
			return nil
		}
		delete(b.held, b.next)
	}
}
