// Mistake: Ordered checks the bound before it checks whether the message is the next one: with the buffer
// full (or a bound of 0) it refuses the very id it waits for, and fails on an input that needed no more room
// than it had.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/sends_the_messages_in_ID_order,_holding_early_ones_up_to_its_bound/already_in_order,_bound_0

package main

func (b *reorderBuffer[T]) take(ctx context.Context, out chan<- Message[T], m Message[T]) error {
	if _, dup := b.held[m.ID]; dup || m.ID < b.next {
		return fmt.Errorf("ordered: id %d came twice", m.ID)
	}
	if len(b.held) >= b.bound { // checked for every message, the next id too
		return fmt.Errorf("ordered: the reorder buffer is full (%d messages) and id %d has not come yet", b.bound, b.next)
	}
	if m.ID > b.next {
		return b.hold(m)
	}
	return b.sendRun(ctx, out, m)
}
