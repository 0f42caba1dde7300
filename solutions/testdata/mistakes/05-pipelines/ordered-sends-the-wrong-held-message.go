// Mistake: the held messages are a slice, and the flush deletes the next one from it before reading it: what
// it reads is the message after it (or nothing), so a held message goes out under the wrong id, or is lost,
// and the one it replaced stays held.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/sends_the_messages_in_ID_order,_holding_early_ones_up_to_its_bound/blocks_of_4_reversed,_bound_3

package main

import "slices"

type reorderBuffer[T any] struct {
	next  int
	held  []Message[T] // messages that came early, in the order they came
	bound int
}

func newReorderBuffer[T any](bound int) *reorderBuffer[T] {
	return &reorderBuffer[T]{bound: bound}
}

func (b *reorderBuffer[T]) take(ctx context.Context, out chan<- Message[T], m Message[T]) error {
	if m.ID != b.next {
		return b.hold(m)
	}
	return b.sendRun(ctx, out, m)
}

func (b *reorderBuffer[T]) hold(m Message[T]) error {
	if len(b.held) >= b.bound {
		return fmt.Errorf("ordered: %d messages held, and id %d has not come yet", len(b.held), b.next)
	}
	b.held = append(b.held, m)
	return nil
}

func (b *reorderBuffer[T]) sendRun(ctx context.Context, out chan<- Message[T], m Message[T]) error {
	for {
		select {
		case out <- m:
		case <-ctx.Done():
			return ctx.Err()
		}
		b.next++
		i := slices.IndexFunc(b.held, func(h Message[T]) bool { return h.ID == b.next })
		if i < 0 {
			return nil
		}
		b.held = slices.Delete(b.held, i, i+1)
		if i == len(b.held) {
			return nil // it was the last one: gone
		}
		m = b.held[i] // the message after the one deleted
	}
}
