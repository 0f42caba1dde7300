// Mistake: Ordered compares with > where the bound allows no more: it holds bound+1 messages before an early
// one finds the buffer full, one more than its caller allowed.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/holds_no_more_than_its_bound,_then_fails_naming_the_missing_id

package main

func (b *reorderBuffer[T]) hold(m Message[T]) error {
	if len(b.held) > b.bound { // one more than bound fits
		return fmt.Errorf("ordered: the reorder buffer is full (%d messages) and id %d has not come yet", b.bound, b.next)
	}
	b.held[m.ID] = m
	return nil
}
