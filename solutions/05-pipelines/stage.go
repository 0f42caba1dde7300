// Package pipelines is the reference solution of lesson 05-pipelines.
package pipelines

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Message is one item travelling through a pipeline: its id, given by the source, and its payload.
type Message[T any] struct {
	ID      int
	Payload T
}

// Stage is one step of a pipeline: Workers goroutines each apply Function to the messages of the stage's
// input, and send the results on its output, which has room for Buffer messages.
type Stage[I, O any] struct {
	Name     string                               // names the stage in its errors
	Workers  int                                  // goroutines applying Function; less than 1 counts as 1
	Buffer   int                                  // the output channel's buffer
	Function func(Message[I]) (Message[O], error) // the work; an error stops the whole pipeline
}

// Run starts the stage's workers in g and returns its output at once. ctx and g come from one
// errgroup.WithContext, shared by every stage of the pipeline: an error anywhere cancels ctx for all.
//
// The stage owns its output: it closes it exactly once, after every worker has returned. A worker returns
// when the input is closed and drained, when ctx is done (it then calls Function no more), or when
// Function fails: it then returns the error, wrapped with the stage's name, and g cancels ctx at once.
func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	var workers sync.WaitGroup
	for range max(s.Workers, 1) {
		workers.Add(1)
		g.Go(func() error {
			defer workers.Done()
			return s.work(ctx, in, out)
		})
	}
	// Every worker sends on out, so none of them may close it: this goroutine does, once they have all
	// returned. It is in g too, so g.Wait returns only once out is closed.
	g.Go(func() error {
		workers.Wait()
		close(out)
		return nil
	})
	return out
}

// work is one worker's loop. Both the receive and the send wait in a select with ctx.Done(): an input
// that is never closed, or an output nobody reads any more, must not keep it once ctx is done.
func (s Stage[I, O]) work(ctx context.Context, in <-chan Message[I], out chan<- Message[O]) error {
	for {
		var m Message[I]
		select {
		case msg, ok := <-in:
			if !ok {
				return nil
			}
			m = msg
		case <-ctx.Done():
			return ctx.Err()
		}
		// When a message and ctx.Done() are both ready, select picks either: check, so that no work
		// starts once the pipeline is cancelled.
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r, err := s.Function(m)
		if err != nil {
			return fmt.Errorf("stage %s: %w", s.Name, err)
		}
		select {
		case out <- r:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
