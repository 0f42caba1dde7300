// Mistake: Ordered receives from its input with a bare `m, ok := <-in`, outside a select with ctx.Done():
// once ctx is cancelled while the input stays open and nothing more comes, it waits for ever, and never
// closes its output.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/once_ctx_is_cancelled,_returns_ctx's_error_at_once_and_closes_its_output/while_it_waits_for_its_input

package main

func resequence[T any](ctx context.Context, in <-chan Message[T], out chan<- Message[T], bound int) error {
	buf := newReorderBuffer[T](bound)
	for {
		m, ok := <-in // waits for ever while in stays open, whatever ctx says
		if !ok {
			return buf.closed()
		}
		if err := buf.take(ctx, out, m); err != nil {
			return err
		}
	}
}
