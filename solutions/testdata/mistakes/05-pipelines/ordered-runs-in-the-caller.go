// Mistake: Ordered does its work in the caller's goroutine and returns its output only at the end: nobody can
// read the output before it returns, so it waits for ever on its first send.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/sends_the_messages_in_ID_order,_holding_early_ones_up_to_its_bound/already_in_order,_bound_0

package main

func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	out := make(chan Message[T])
	err := resequence(ctx, in, out, bound) // runs here, not in a goroutine: nobody reads out yet
	close(out)
	g.Go(func() error { return err })
	return out
}
