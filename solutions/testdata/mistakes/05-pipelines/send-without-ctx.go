// Mistake: a worker sends its result on a bare `out <- r`. When the consumer stops reading and cancels, a worker holding a result waits on that send for ever: a goroutine leak, and g.Wait never returns.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/leaves_no_goroutine_behind_when_the_consumer_stops_early_and_cancels

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
			return fmt.Errorf("stage %s: %w", s.Name, err)
		}
		out <- r // blocks for ever once nobody reads
	}
}
