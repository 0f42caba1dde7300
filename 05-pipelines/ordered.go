//go:build !solution

package main

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Ordered puts the messages of in back in ID order, and returns its output. The ids are 0, 1, 2, …, each
// once, as a source numbers them; a stage with several workers lets them overtake each other. ctx and g
// are the pipeline's, as for Stage.Run.
//
// Its contract, clause by clause (the tests check each one):
//   - Ordered returns its output at once: one goroutine, in g, does the work.
//   - A message goes out as soon as every id before it has gone out: the next id at once, and with it the
//     held messages that follow it without a gap. Ids go out in order, each once, starting from id 0.
//   - A message that comes early (an id before it has not come yet) is held until the ids before it are
//     out. At most bound messages are held, however far ahead their ids (a bound of 0 holds none: it is not
//     "no limit"): an early message that finds bound messages held ends Ordered at once with an error that
//     names the id it was waiting for ("… id 3 …"). The next id is never held, so the bound never refuses
//     it. Ordered waits for that id as long as it takes: only a full buffer, in closing, or ctx ends the
//     wait.
//   - in closing while an id is missing is an error too, naming that id: a missing id is never skipped. in
//     closing with nothing held ends Ordered without error.
//   - Ordered owns its output, and closes it when its goroutine returns, whatever the reason.
//   - Once ctx is done, Ordered returns ctx's error (ctx.Err()) at once, whether it waits for a message or
//     for one to be taken, the next id or a held one: never nil, so that a pipeline cut short never looks
//     complete.
//   - Its error is the pipeline's: it is returned in g, so that g cancels ctx for every stage and the
//     source, and g.Wait returns it.
func Ordered[T any](ctx context.Context, g *errgroup.Group, in <-chan Message[T], bound int) <-chan Message[T] {
	// TODO: write Ordered, to its contract above.
	return nil
}
