// Mistake: a worker waits for a message or a timer, and checks ctx only when the timer fires. It does return
// after a cancellation, but up to a tick later: the pipeline does not stop at once, and each tick wakes every
// idle worker.
// Replaces: 05-pipelines/stage.go
// Caught by: TestStageRun/once_ctx_is_cancelled,_every_worker_returns_ctx's_error_at_once,_and_the_output_closes/while_its_workers_wait_for_input

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
		case <-time.After(10 * time.Millisecond): // ctx is seen only at the next tick
			if ctx.Err() != nil {
				return ctx.Err()
			}
			continue
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
		select {
		case out <- r:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
