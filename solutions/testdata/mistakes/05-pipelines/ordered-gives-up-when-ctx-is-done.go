// Mistake: Ordered, called with ctx already done, returns a closed output and starts nothing: nothing returns
// ctx's error, so g.Wait can return nil, and a pipeline that never ran looks complete.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/once_ctx_is_cancelled,_returns_ctx's_error_at_once_and_closes_its_output/when_ctx_is_already_done_as_Ordered_is_called

package main

func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	out := make(chan Message[T])
	if ctx.Err() != nil { // nothing in g to say why
		close(out)
		return out
	}
	g.Go(func() error {
		defer close(out) // on every way out: an error and a cancellation end the output too
		return resequence(ctx, in, out, bound)
	})
	return out
}
