// Mistake: Ordered counts the message that just came as held before it checks the bound: with bound-1
// messages held it already fails, on an input that needed no more room than it had.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/sends_the_messages_in_ID_order,_holding_early_ones_up_to_its_bound/blocks_of_4_reversed,_bound_3

package main

func (b *reorderBuffer[T]) hold(m Message[T]) error {
	if len(b.held)+1 >= b.bound { // the message that came is not held yet
		return fmt.Errorf("ordered: the reorder buffer is full (%d messages) and id %d has not come yet", b.bound, b.next)
	}
	b.held[m.ID] = m
	return nil
}
