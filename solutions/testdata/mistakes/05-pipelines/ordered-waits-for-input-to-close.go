// Mistake: Ordered collects every message until its input closes, then sorts them and sends them: nothing
// goes out until the very end, however early it could have, and the whole run is held in memory.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/sends_each_message_as_soon_as_every_id_before_it_has_gone_out

package main

import "slices"

func resequence[T any](ctx context.Context, in <-chan Message[T], out chan<- Message[T], bound int) error {
	var all []Message[T]
	for {
		select {
		case m, ok := <-in:
			if ok {
				all = append(all, m) // everything waits for the end
				continue
			}
		case <-ctx.Done():
			return ctx.Err()
		}
		break
	}
	slices.SortFunc(all, func(a, b Message[T]) int { return a.ID - b.ID })
	for i, m := range all {
		if m.ID != i {
			return fmt.Errorf("ordered: the input closed while waiting for id %d", i)
		}
		select {
		case out <- m:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
