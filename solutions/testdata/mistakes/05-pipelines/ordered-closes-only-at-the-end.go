// Mistake: Ordered closes its output only when its input has ended well, not on its other ways out: after an
// error, or a cancellation, whoever ranges over its output waits for ever.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/holds_no_more_than_its_bound,_then_fails_naming_the_missing_id

package main

func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	out := make(chan Message[T])
	g.Go(func() error {
		err := resequence(ctx, in, out, bound)
		if err == nil {
			close(out) // only here: an error or ctx leaves out open
		}
		return err
	})
	return out
}
