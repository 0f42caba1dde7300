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

// Stage is one step of a pipeline: Workers goroutines each apply Function to the messages of the stage's
// input, and send the results on its output. I is the type of the payloads it takes, O of those it gives.
type Stage[I, O any] struct {
	Name     string                               // names the stage in its errors
	Workers  int                                  // goroutines applying Function; less than 1 counts as 1
	Buffer   int                                  // the output channel's buffer
	Function func(Message[I]) (Message[O], error) // the work; an error stops the whole pipeline
}

// Run starts the stage's workers and returns its output channel at once. ctx and g come from one call of
// errgroup.WithContext, shared by every stage of the pipeline:
//
//	g, ctx := errgroup.WithContext(ctx)
//	squared := square.Run(ctx, g, input)
//	doubled := double.Run(ctx, g, squared)
//	for m := range doubled { ... }
//	err := g.Wait()
//
// Its contract, which the tests check:
//   - Workers goroutines (at least 1), each started with g.Go, take messages from in, call Function, and
//     send what it returns on the output. So exactly Workers calls of Function run at once while there is
//     work for them all.
//   - The output is made with room for Buffer messages. The stage owns it: it is closed exactly once,
//     after every worker has returned. A worker cannot know it is the last, so none of them closes it:
//     one more goroutine waits for them all (a sync.WaitGroup), then closes it.
//   - A worker returns when in is closed and drained. Every receive from in and every send on the output
//     waits in a select with <-ctx.Done(), and the worker returns once ctx is done: an input that never
//     closes, or a consumer that stopped reading, must not keep it. Once ctx is done it calls Function no
//     more (select picks at random when a message and ctx.Done() are both ready: check ctx.Err()).
//   - When Function returns an error, the worker returns it from its g.Go function, wrapped with the
//     stage's name: fmt.Errorf("stage %s: %w", s.Name, err). g then cancels ctx at once, for every stage
//     and the source, and g.Wait returns that error.
func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	// TODO: make the output channel, with room for s.Buffer messages.
	// TODO: start s.Workers workers with g.Go, counted in a sync.WaitGroup. Each loops: receive a message
	//       from in (in a select with ctx.Done()); return nil when in is closed; return ctx.Err() once ctx is
	//       done; call s.Function; return its error wrapped with s.Name; send the result on the output (in a
	//       select with ctx.Done()).
	// TODO: start one more goroutine with g.Go that waits for the workers, then closes the output.
	// TODO: return the output.
	return nil
}
