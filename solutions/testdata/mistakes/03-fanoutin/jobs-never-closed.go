// Mistake: the producer never closes jobs, so the workers wait for another id forever, results is never
// closed, and FanOutIn never returns.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/returns_one_result_per_request

package main

func produce(ctx context.Context, n int, jobs chan<- int) {
	for id := range n { // jobs is never closed: the workers wait for more ids forever
		select {
		case jobs <- id:
		case <-ctx.Done():
			return
		}
	}
}
