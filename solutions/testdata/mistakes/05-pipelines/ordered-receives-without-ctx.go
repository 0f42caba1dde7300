// Mistake: Ordered receives from its input with a bare `m, ok := <-in`, outside a select with ctx.Done(): once ctx is cancelled while the input stays open and nothing more comes, it waits for ever, and never closes its output.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/stops_and_closes_its_output_once_ctx_is_cancelled,_even_if_nobody_reads_and_its_input_stays_open/while_it_waits_for_its_input

package main

func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	out := make(chan Message[T])
	g.Go(func() error {
		defer close(out)
		held := map[int]Message[T]{}
		next := 0
		for {
			m, ok := <-in // blocks for ever while in stays open, whatever ctx says
			if !ok {
				if len(held) > 0 {
					return fmt.Errorf("ordered: the input closed while waiting for id %d", next)
				}
				return nil
			}
			if m.ID > next {
				if len(held) >= bound {
					return fmt.Errorf("ordered: the reorder buffer is full and id %d has not come yet", next)
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
