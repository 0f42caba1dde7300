// Mistake: Ordered takes the bound as how far ahead of the next id a message may be, not as how many it
// holds: it refuses an early id far ahead even with the buffer empty, and a stage with a slow message makes
// it fail for nothing.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/holds_as_many_messages_as_its_bound,_however_far_ahead_their_ids

package main

func (b *reorderBuffer[T]) hold(m Message[T]) error {
	if m.ID-b.next > b.bound { // a distance, not a count
		return fmt.Errorf("ordered: id %d is too far ahead of id %d", m.ID, b.next)
	}
	b.held[m.ID] = m
	return nil
}
