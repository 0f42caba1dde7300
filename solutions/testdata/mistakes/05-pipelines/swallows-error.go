// Mistake: a worker drops the message whose Function failed and goes on: the error never reaches g, nothing is cancelled, and g.Wait returns nil as if all went well.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/an_error_in_a_stage_cancels_every_stage_and_the_source_at_once,_and_Wait_returns_it_with_the_stage's_name

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
		// When a message and ctx.Done() are both ready, select picks either: check, so that no work
		// starts once the pipeline is cancelled.
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r, err := s.Function(m)
		if err != nil {
			continue // the error is lost
		}
		select {
		case out <- r:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
