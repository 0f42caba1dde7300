// Mistake: when the next id comes, Ordered looks through its buffer once, in the map's order, sending what is
// next as it meets it: a map has no order, so some of the held messages that follow the next id are passed
// over, stay held, and fill the buffer.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/sends_the_messages_in_ID_order,_holding_early_ones_up_to_its_bound/blocks_of_4_reversed,_bound_3

package main

func (b *reorderBuffer[T]) sendRun(ctx context.Context, out chan<- Message[T], m Message[T]) error {
	select {
	case out <- m:
	case <-ctx.Done():
		return ctx.Err()
	}
	b.next++
	for id, h := range b.held { // one pass, in no particular order
		if id != b.next {
			continue
		}
		select {
		case out <- h:
		case <-ctx.Done():
			return ctx.Err()
		}
		delete(b.held, id)
		b.next++
	}
	return nil
}
