// Mistake: the goroutine that closes the output waits with g.Wait, not for the stage's own workers. g.Wait waits for every goroutine in g, the later stages' too, and those return only once this output is closed: in a pipeline of two stages, nothing is ever closed.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/closes_its_output_once_its_own_workers_are_done,_while_other_goroutines_in_g_still_run

package main

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
	go func() {
		_ = g.Wait() // waits for every goroutine in g: the later stages too, which wait for this close
		close(out)
	}()
	return out
}
