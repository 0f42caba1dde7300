// Mistake: each stage runs its workers in an errgroup of its own and hands its error to the shared group only once every worker of the stage has returned: the other stages go on working (and fetching) until then.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/an_error_in_a_stage_cancels_every_stage_and_the_source_at_once,_and_Wait_returns_it_with_the_stage's_name

package main

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	sg, sctx := errgroup.WithContext(ctx)
	out := make(chan Message[O], max(s.Buffer, 0))
	for range max(s.Workers, 1) {
		sg.Go(func() error { return s.work(sctx, in, out) })
	}
	// Every worker sends on out, so none of them may close it: this goroutine does, once they have all
	// returned. It is in g too, so g.Wait returns only once out is closed.
	g.Go(func() error {
		defer close(out)
		return sg.Wait() // g hears of the error only once the whole stage has stopped: too late
	})
	return out
}
