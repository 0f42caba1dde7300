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
		defer close(out)
		held := make(map[int]Message[T], max(bound, 0)) // messages that came early, by id
		next := 0                                       // the id to send next
		for {
			var m Message[T]
			select {
			case msg, ok := <-in:
				if !ok {
					if len(held) > 0 {
						return fmt.Errorf("ordered: the input closed while waiting for id %d (%d later messages held)", next, len(held))
					}
					return nil
				}
				m = msg
			case <-ctx.Done():
				return ctx.Err()
			}
			if _, dup := held[m.ID]; dup || m.ID < next {
				return fmt.Errorf("ordered: id %d came twice", m.ID)
			}
			if m.ID > next {
				if len(held) >= bound {
					return fmt.Errorf("ordered: the reorder buffer is full (%d messages) and id %d has not come yet", bound, next)
				}
				held[m.ID] = m
				continue
			}
			// m is the next one: send it, then every held message that follows it without a gap.
			for {
				select {
				case out <- m:
				case <-ctx.Done():
					return ctx.Err()
				}
				next++
				var ok bool
				if m, ok = held[next]; !ok {
					break
				}
				delete(held, next)
			}
		}
	})
	return out
}
