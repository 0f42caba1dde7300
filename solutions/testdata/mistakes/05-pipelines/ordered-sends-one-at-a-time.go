// Mistake: when the next id comes, Ordered sends it but not the held messages that follow it: they stay held,
// fill the buffer, and Ordered fails on an input that needed no more room than it had.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/sends_the_messages_in_ID_order,_holding_early_ones_up_to_its_bound/blocks_of_4_reversed,_bound_3

package main

func (b *reorderBuffer[T]) sendRun(ctx context.Context, out chan<- Message[T], m Message[T]) error {
	select {
	case out <- m:
	case <-ctx.Done():
		return ctx.Err()
	}
	b.next++ // held[next] may be there already: it is never sent
	return nil
}
