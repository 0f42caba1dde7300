// Mistake: a worker waiting to send checks ctx only when a timer fires: after a cancellation it returns, but
// up to a tick later, so the pipeline takes that long to stop, and g.Wait with it.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/once_ctx_is_cancelled,_every_worker_returns_ctx's_error_at_once,_and_the_output_closes/while_its_workers_wait_to_send

package main

import (
	"context"
	"fmt"
	"time"
)

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
	send:
		for {
			select {
			case out <- r:
				break send
			case <-time.After(50 * time.Millisecond): // ctx is seen only at the next tick
				if ctx.Err() != nil {
					return ctx.Err()
				}
			}
		}
	}
}
