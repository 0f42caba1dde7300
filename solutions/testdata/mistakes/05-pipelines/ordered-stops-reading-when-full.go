// Mistake: with the reorder buffer full, Ordered stops reading its input (a nil channel in the select) until
// the missing id comes. It never comes: it can only come through the input, behind the very messages
// Ordered no longer takes. Ordered waits for ever, and the stages before it with it.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/holds_no_more_than_its_bound,_then_fails_naming_the_missing_id

package main

func resequence[T any](ctx context.Context, in <-chan Message[T], out chan<- Message[T], bound int) error {
	buf := newReorderBuffer[T](bound)
	for {
		src := in
		if len(buf.held) >= bound {
			src = nil // full: wait for the missing id, which can only come through in
		}
		select {
		case m, ok := <-src:
			if !ok {
				return buf.closed()
			}
			if err := buf.take(ctx, out, m); err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (b *reorderBuffer[T]) hold(m Message[T]) error {
	b.held[m.ID] = m // never full: resequence stops reading instead
	return nil
}
