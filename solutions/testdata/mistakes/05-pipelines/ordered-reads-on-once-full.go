// Mistake: once an early message finds the buffer full, Ordered keeps the error, drops that message and
// every one after it, and returns the error only when its input closes. Memory stays bounded, but nothing
// is cancelled meanwhile: the whole pipeline works on, for nothing, to the end of the run.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/holds_no_more_than_its_bound,_then_fails_naming_the_missing_id

package main

func resequence[T any](ctx context.Context, in <-chan Message[T], out chan<- Message[T], bound int) error {
	buf := newReorderBuffer[T](bound)
	var full error // the buffer was full: the error, kept for the end
	for {
		select {
		case m, ok := <-in:
			if !ok {
				if full != nil {
					return full
				}
				return buf.closed()
			}
			if full != nil {
				continue // dropped: the error waits for the end of the input
			}
			if err := buf.take(ctx, out, m); err != nil {
				full = err // kept, and nothing is cancelled meanwhile
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
