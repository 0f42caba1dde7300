// Mistake: when the reorder buffer is full, Ordered prints the error and returns nil. It closes its output,
// but g never hears of the failure: ctx is not cancelled, the stages before Ordered go on sending into an
// input nobody reads, and g.Wait never returns.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/holds_no_more_than_its_bound,_then_fails_naming_the_missing_id

package main

func resequence[T any](ctx context.Context, in <-chan Message[T], out chan<- Message[T], bound int) error {
	buf := newReorderBuffer[T](bound)
	for {
		select {
		case m, ok := <-in:
			if !ok {
				return buf.closed()
			}
			if err := buf.take(ctx, out, m); err != nil {
				fmt.Println(err)
				return nil // g never hears of it: ctx is not cancelled
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
