// Mistake: as in the original project, each stage has an errgroup of its own. An error cancels that stage alone: the shared group never hears of it, g.Wait returns nil at once, and the stages upstream are left blocked on sends nobody takes.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/an_error_in_a_stage_cancels_every_stage_and_the_source_at_once,_and_Wait_returns_it_with_the_stage's_name

package main

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	// g is ignored, as the original Run returned a group of its own that nobody waited on with care.
	sg, sctx := errgroup.WithContext(ctx) // a group per stage: an error cancels sctx, this stage only
	out := make(chan Message[O], max(s.Buffer, 0))
	for range max(s.Workers, 1) {
		sg.Go(func() error { return s.work(sctx, in, out) })
	}
	go func() {
		_ = sg.Wait() // the error stops here
		close(out)
	}()
	return out
}
