// Mistake: Run waits for its workers itself (`wg.Wait(); close(out)` in Run, not in a goroutine). Nobody can read the output before Run returns it, so once the output is full (or while the input stays open) the workers wait for a reader and Run waits for them, for ever.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/returns_its_output_at_once,_before_anything_reads_it

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
	workers.Wait() // Run itself waits: nobody can read out before Run returns it
	close(out)
	return out
}
