// Mistake: when the reorder buffer is full, Ordered prints the error and returns nil. It closes its output, but g never hears of the failure: ctx is not cancelled, the stages before Ordered go on sending into an input nobody reads, and g.Wait never returns.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/holds_no_more_than_its_bound,_then_fails_naming_the_missing_id

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
					fmt.Printf("ordered: the reorder buffer is full and id %d has not come yet\n", next)
					return nil // g never hears of it: ctx is not cancelled
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
