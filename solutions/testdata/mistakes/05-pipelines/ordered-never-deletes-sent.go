// Mistake: Ordered sends the held messages that follow the next id, but never takes them out of the buffer:
// the messages that went out still count as held, the buffer fills up, and Ordered fails on an input that
// needed no more room than it had.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/sends_the_messages_in_ID_order,_holding_early_ones_up_to_its_bound/blocks_of_4_reversed,_bound_3

package main

func (b *reorderBuffer[T]) sendRun(ctx context.Context, out chan<- Message[T], m Message[T]) error {
	for {
		select {
		case out <- m:
		case <-ctx.Done():
			return ctx.Err()
		}
		b.next++
		var ok bool
		if m, ok = b.held[b.next]; !ok {
			return nil
		}
		// not deleted: held[next] still counts against the bound
	}
}
