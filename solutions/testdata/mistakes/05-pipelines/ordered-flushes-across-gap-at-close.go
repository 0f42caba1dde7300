// Mistake: when the input closes while an id is missing, Ordered sends the held messages anyway, in order,
// past the gap, and returns nil: the missing id is skipped without a word.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/fails_naming_the_missing_id_when_its_input_closes_before_that_id_comes

package main

import (
	"maps"
	"slices"
)

func resequence[T any](ctx context.Context, in <-chan Message[T], out chan<- Message[T], bound int) error {
	buf := newReorderBuffer[T](bound)
	for {
		select {
		case m, ok := <-in:
			if !ok {
				for _, id := range slices.Sorted(maps.Keys(buf.held)) { // past the gap
					select {
					case out <- buf.held[id]:
					case <-ctx.Done():
						return ctx.Err()
					}
				}
				return nil
			}
			if err := buf.take(ctx, out, m); err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
