// Mistake: the output is never closed: whoever ranges over it waits for more messages for ever, after the last one.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/squares_then_doubles_every_message_once,_then_closes_the_output

package main

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	for range max(s.Workers, 1) {
		g.Go(func() error { return s.work(ctx, in, out) })
	}
	// no goroutine closes out once the workers are done
	return out
}
