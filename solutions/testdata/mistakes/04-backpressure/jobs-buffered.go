// Mistake: jobs has a buffer: the producer fills it before the first sample, when the pause is still 0, and the
// ids waiting in it leave all at once however long the pause is. The pause spaces the requests only if each id is
// handed to a worker the moment it leaves the producer.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/waits_the_pause_the_monitor_sets_between_two_dispatches

package main

func (p *pacing) pool(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int, workers) // wrong: ids queued here skip the pause
	results := make(chan lesson.Result)
	go p.produce(ctx, n, jobs)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { p.work(ctx, fetch, jobs, results) })
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
