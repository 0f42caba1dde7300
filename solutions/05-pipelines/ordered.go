package pipelines

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// Ordered re-sequences the messages of in by ID: ids 0, 1, 2, … each once, as a source numbers them. Its
// goroutine runs in g, like a stage's workers, and owns the output it returns: it closes it once in is
// closed and every message is out, once ctx is done, or once it fails.
//
// A message that comes early waits in a reorder buffer until the ids before it are out; the buffer holds
// at most bound messages. A message that finds it full while the next id is still missing ends Ordered
// with an error naming that id (so g cancels the pipeline): waiting for it would need more room, and
// refusing input would wait for ever, since the missing id can only come through in. It fails the same
// way if in closes while an id is missing, or if an id comes twice.
func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	out := make(chan Message[T])
	g.Go(func() error {
		defer close(out) // on every way out: an error and a cancellation end the output too
		return resequence(ctx, in, out, bound)
	})
	return out
}

// resequence is Ordered's goroutine: it reads in, and passes each message to a reorder buffer that sends
// it on out in its turn, until in is closed, ctx is done or the buffer fails. Every wait, for a message
// and to send one, is in a select with ctx.Done(), so a cancellation ends it at once, with ctx's error.
func resequence[T any](ctx context.Context, in <-chan Message[T], out chan<- Message[T], bound int) error {
	buf := newReorderBuffer[T](bound)
	for {
		select {
		case m, ok := <-in:
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

// reorderBuffer is Ordered's state, which only its goroutine touches: the id to send next, and the
// messages that came early, at most bound of them.
type reorderBuffer[T any] struct {
	next  int                // the id to send next
	held  map[int]Message[T] // messages that came early, by id
	bound int
}

// newReorderBuffer returns an empty buffer that waits for id 0 first, as a source numbers its messages.
func newReorderBuffer[T any](bound int) *reorderBuffer[T] {
	return &reorderBuffer[T]{next: 0, held: make(map[int]Message[T], max(bound, 0)), bound: bound}
}

// take handles m, just come from the input: the next id goes out at once, with the held messages that
// follow it; a message that came early is held. It fails if m's id came before.
func (b *reorderBuffer[T]) take(ctx context.Context, out chan<- Message[T], m Message[T]) error {
	if _, dup := b.held[m.ID]; dup || m.ID < b.next {
		return fmt.Errorf("ordered: id %d came twice", m.ID)
	}
	// The next id is never held, so the bound can never refuse it, not even a bound of 0.
	if m.ID > b.next {
		return b.hold(m)
	}
	return b.sendRun(ctx, out, m)
}

// hold keeps m, which came early, or fails naming the missing id if bound messages are held already:
// waiting for that id would need more room, and refusing input would wait for ever, since the missing id
// can only come through the input. The bound counts messages, however far ahead their ids.
func (b *reorderBuffer[T]) hold(m Message[T]) error {
	if len(b.held) >= b.bound {
		return fmt.Errorf("ordered: the reorder buffer is full (%d messages) and id %d has not come yet", b.bound, b.next)
	}
	b.held[m.ID] = m
	return nil
}

// sendRun sends m, the next id, then every held message that follows it without a gap, each taken out of
// the buffer as it goes out. It returns ctx's error if ctx is done before a send completes.
func (b *reorderBuffer[T]) sendRun(ctx context.Context, out chan<- Message[T], m Message[T]) error {
	for {
		select {
		case out <- m:
		case <-ctx.Done():
			return ctx.Err()
		}
		b.next++
		var ok bool
		if m, ok = b.held[b.next]; !ok {
			return nil
		}
		delete(b.held, b.next)
	}
}

// closed is what ends Ordered when its input closes: nil, or an error naming the missing id if messages
// are still held (never skip the gap).
func (b *reorderBuffer[T]) closed() error {
	if len(b.held) > 0 {
		return fmt.Errorf("ordered: the input closed while waiting for id %d (%d later messages held)", b.next, len(b.held))
	}
	return nil
}
