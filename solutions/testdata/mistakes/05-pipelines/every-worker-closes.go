// Mistake: every worker closes the output when it returns. The first close comes while the other workers still send, and the second close panics: only one goroutine, after every worker is done, may close it.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/returns_its_output_at_once,_before_anything_reads_it

package main

func (s Stage[I, O]) Run(ctx context.Context, g *errgroup.Group, in <-chan Message[I]) <-chan Message[O] {
	out := make(chan Message[O], max(s.Buffer, 0))
	for range max(s.Workers, 1) {
		g.Go(func() error {
			defer close(out) // every worker closes: the second close panics
			return s.work(ctx, in, out)
		})
	}
	return out
}
