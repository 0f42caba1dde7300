// Mistake: the reorder buffer has no bound: while an id is missing, every message after it is held, and
// memory grows with the run. A missing id shows only at the very end, if ever.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/holds_no_more_than_its_bound,_then_fails_naming_the_missing_id

package main

func (b *reorderBuffer[T]) hold(m Message[T]) error {
	b.held[m.ID] = m // however many there are already
	return nil
}
