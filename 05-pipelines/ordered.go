//go:build !solution

package main

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Ordered re-sequences the messages of in by ID, and returns its output at once. The ids are 0, 1, 2, …,
// each once, as a source numbers them; a stage with several workers lets them overtake each other.
//
// Its contract, which the tests check:
//   - One goroutine, started with g.Go, receives from in. A message whose ID is the next one to send goes
//     out at once, followed by every held message that follows it without a gap. A message that comes
//     early is held, in a reorder buffer (a map from ID to message), until the ids before it are out.
//   - The reorder buffer holds at most bound messages. A message that comes early and finds it full ends
//     Ordered with an error that names the id it was waiting for ("… id 3 …"). Why not stop reading until
//     that id comes? It can only come through in: Ordered would wait for ever.
//   - In closing while an id is still missing is an error too, naming that id. In closing with nothing
//     held ends Ordered without error.
//   - The goroutine owns the output: it closes it when it returns, whatever the reason. Every receive and
//     every send waits in a select with <-ctx.Done(), and it returns once ctx is done.
//   - Its error is returned from its g.Go function, so that g cancels the whole pipeline.
func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	// TODO: make the output channel, and start the goroutine with g.Go; it closes the output when it returns.
	// TODO: in it, keep next (the id to send next, from 0) and held (map[int]Message[T]). Loop: receive
	//       from in or ctx.Done(). An early message: hold it, or fail if len(held) == bound. The next one:
	//       send it, then held[next+1], held[next+2], … while they are there (each send in a select with
	//       ctx.Done()). In closed: fail if anything is held, else return nil.
	// TODO: return the output.
	return nil
}
