// Mistake: as in the original project, a worker ranges over its input, which cannot see ctx: once ctx is cancelled, a worker whose input never closes waits for it for ever, and the output is never closed.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/stops_and_closes_its_output_once_ctx_is_cancelled,_even_if_its_input_never_closes

package main

func (s Stage[I, O]) work(ctx context.Context, in <-chan Message[I], out chan<- Message[O]) error {
	for m := range in { // waits for in, whatever becomes of ctx
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
	return nil
}
