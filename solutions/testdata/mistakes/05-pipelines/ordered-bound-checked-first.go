// Mistake: Ordered checks the bound before it checks whether the message is the next one: with the buffer full (or a bound of 0) it refuses the very id it waits for, and fails on an input that needed no more room than it had.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/sends_the_messages_in_ID_order,_holding_early_ones_up_to_its_bound/already_in_order,_bound_0

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
			if len(held) >= bound { // checked for every message, the next id too
				return fmt.Errorf("ordered: the reorder buffer is full and id %d has not come yet", next)
			}
			if m.ID > next {
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
