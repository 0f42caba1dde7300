// Mistake: the producer sends each id with a plain send, no select with ctx.Done(). Once ctx is cancelled
// the workers stop taking ids, and the producer waits for ever on its next send: a goroutine leaked.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/stops_promptly_when_cancelled,_leaving_no_goroutine_behind

package main

func produce(ctx context.Context, n int, jobs chan<- int) {
	defer close(jobs)
	for id := range n {
		jobs <- id // nobody takes it once the workers have stopped
	}
}
