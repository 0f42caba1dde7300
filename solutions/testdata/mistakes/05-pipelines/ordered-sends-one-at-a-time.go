// Mistake: when the next id comes, Ordered sends it but not the held messages that follow it: they stay held until the input closes, and Ordered fails or loses them.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/sends_the_messages_in_ID_order,_holding_early_ones_up_to_its_bound

package main

func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	out := make(chan Message[T])
	g.Go(func() error {
		defer close(out)
		held := map[int]Message[T]{}
		next := 0
		for {
			var m Message[T]
			select {
			case msg, ok := <-in:
				if !ok {
					if len(held) > 0 {
						return fmt.Errorf("ordered: the input closed while waiting for id %d", next)
					}
					return nil
				}
				m = msg
			case <-ctx.Done():
				return ctx.Err()
			}
			if m.ID > next {
				if len(held) >= bound {
					return fmt.Errorf("ordered: the reorder buffer is full and id %d has not come yet", next)
				}
				held[m.ID] = m
				continue
			}
			select {
			case out <- m:
			case <-ctx.Done():
				return ctx.Err()
			}
			next++ // held[next] may be there already: it is never sent
		}
	})
	return out
}
