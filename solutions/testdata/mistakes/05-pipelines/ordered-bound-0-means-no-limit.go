// Mistake: a bound of 0 is taken for "no limit", as some Go APIs read 0. Ordered's bound counts the early
// messages it may hold, and 0 holds none: with it, any message that comes early ends Ordered.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/puts_any_order_back_with_the_room_it_needs,_and_fails_exactly_when_it_has_less

package main

func (b *reorderBuffer[T]) hold(m Message[T]) error {
	if b.bound > 0 && len(b.held) >= b.bound { // 0 taken for "no limit"
		return fmt.Errorf("ordered: the reorder buffer is full (%d messages) and id %d has not come yet", b.bound, b.next)
	}
	b.held[m.ID] = m
	return nil
}
