// Mistake: when the buffer is full, Ordered gives up on the missing id and goes on from the first id it
// holds: the missing message is skipped without a word, and the caller takes it that every message went
// through.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/holds_no_more_than_its_bound,_then_fails_naming_the_missing_id

package main

import (
	"maps"
	"slices"
)

func (b *reorderBuffer[T]) take(ctx context.Context, out chan<- Message[T], m Message[T]) error {
	if _, dup := b.held[m.ID]; dup || m.ID < b.next {
		return fmt.Errorf("ordered: id %d came twice", m.ID)
	}
	if m.ID > b.next {
		b.held[m.ID] = m
		if len(b.held) <= b.bound {
			return nil
		}
		b.next = slices.Min(slices.Collect(maps.Keys(b.held))) // skips the missing ids
		m = b.held[b.next]
		delete(b.held, b.next)
	}
	return b.sendRun(ctx, out, m)
}
