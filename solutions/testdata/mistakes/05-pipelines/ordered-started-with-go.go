// Mistake: Ordered's goroutine is started with a plain `go`, and hands an error to g with g.Go when it has
// one. g.Wait does not wait for it: it may return while Ordered still runs, and an error that comes after
// that is lost.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/runs_its_goroutine_in_g:_the_output_is_closed_when_g.Wait_returns

package main

func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	out := make(chan Message[T])
	go func() { // not in g: g.Wait does not wait for it
		defer close(out)
		if err := resequence(ctx, in, out, bound); err != nil {
			g.Go(func() error { return err })
		}
	}()
	return out
}
