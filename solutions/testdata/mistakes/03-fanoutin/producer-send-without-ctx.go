// Mistake: the producer sends each id with a plain send, no select with ctx.Done(). Once ctx is cancelled
// the workers stop taking ids, and the producer waits for ever on its next send: a goroutine leaked.
// Replaces: 03-fanoutin/fanoutin.go
// Caught by: TestFanOutIn/stops_promptly_when_cancelled,_leaving_no_goroutine_behind

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
	results := make(chan lesson.Result)
	go func() {
		defer close(jobs)
		for id := range n {
			jobs <- id // nobody takes it once the workers have stopped
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs {
				if ctx.Err() != nil {
					return
				}
				results <- fetch(ctx, id)
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}
