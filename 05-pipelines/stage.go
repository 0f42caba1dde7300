//go:build !solution

package main

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Message is one item travelling through a pipeline: its ID, given by the source (0, 1, 2, …), and its
// payload, of any type T.
type Message[T any] struct {
	ID      int
	Payload T
}

// Stage is one step of a pipeline: its workers apply Function to the messages of the stage's input, and
// send the results on its output. I is the type of the payloads it takes, O of those it gives.
type Stage[I, O any] struct {
	Name     string                               // names the stage in its errors
	Workers  int                                  // how many messages it works on at once; less than 1 counts as 1
	Buffer   int                                  // how many results its output holds that nobody has taken yet
	Function func(Message[I]) (Message[O], error) // the work on one message; an error stops the whole pipeline
}

// Run starts the stage and returns its output. ctx and g come from one call of errgroup.WithContext,
// shared by every stage of the pipeline and its source:
//
//	g, ctx := errgroup.WithContext(ctx)
//	squared := square.Run(ctx, g, input)
//	doubled := double.Run(ctx, g, squared)
//	for m := range doubled { ... }
//	err := g.Wait()
//
// Its contract, clause by clause (the tests check each one):
//   - Run returns the output at once: it waits for nothing, since nobody can read the output before Run
//     has returned it.
//   - Workers goroutines (one if Workers is less than 1) take the messages of in and apply Function to each,
//     so that exactly Workers calls of Function run at once while there are messages for them all.
//   - Each message of in goes through Function once, and what Function returns is sent on the output,
//     which has room for Buffer messages. No result is ever dropped: a worker waits until its result is
//     taken, or ctx is done.
//   - The stage owns its output, and closes it exactly once: as soon as every worker has returned, whatever
//     the reason, and never before (a send on a closed channel panics). It waits for this stage's workers
//     only, not for the rest of g: the stages after this one are in g too, and they end only once this
//     output is closed.
//   - Every goroutine the stage starts runs in g: when g.Wait returns, they have all ended, and the output
//     is closed.
//   - When in is closed and every message taken, the workers return nil. A worker returns for no other
//     reason than those of this contract (in closed, ctx done, Function's error): an input that stays quiet
//     for a while, however long, is not closed.
//   - Once ctx is done, every worker returns ctx's error at once, whether it waits for a message or for its
//     result to be taken. ctx's error is ctx.Err(): context.Canceled, or context.DeadlineExceeded when a
//     deadline ended ctx. A call of Function in progress ends first (nothing can interrupt it), and its
//     result may still go out if it is taken at once; no new call starts. A stage cut short must never look
//     complete: g.Wait then returns ctx's error, never nil.
//   - When Function returns an error, nothing is sent for that message: the worker returns the error,
//     wrapped with the stage's name ("stage double: …", and errors.Is still finds it), so that g cancels
//     ctx at once, for every stage and the source, and g.Wait returns it.
func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	// TODO: write Run, to its contract above.
	return nil
}
