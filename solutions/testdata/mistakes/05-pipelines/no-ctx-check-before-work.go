// Mistake: a worker receives in a select with ctx.Done(), but does not check ctx before calling Function. When a message and the cancellation are both ready, select picks either at random: some of the time, work starts after the pipeline was cancelled.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/calls_Function_no_more_once_ctx_is_cancelled

package main

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
		// no check of ctx here: when a message and ctx.Done() are both ready, select may pick the message
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
