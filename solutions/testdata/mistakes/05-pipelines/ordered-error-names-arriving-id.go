// Mistake: the error Ordered returns when its buffer is full names the id that just came, not the one it was
// waiting for: whoever reads it looks for the wrong request.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/holds_no_more_than_its_bound,_then_fails_naming_the_missing_id

package main

func (b *reorderBuffer[T]) hold(m Message[T]) error {
	if len(b.held) >= b.bound {
		return fmt.Errorf("ordered: the reorder buffer is full (%d messages) at id %d", b.bound, m.ID) // not the missing id
	}
	b.held[m.ID] = m
	return nil
}
