// Mistake: the collector stops reading results once ctx is done: the results of the requests cut short are lost,
// and the workers that hold them wait forever on their send.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/stops_promptly_when_cancelled,_keeps_the_results_cut_short,_and_leaves_no_goroutine

package main

func (p *pacing) pool(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	jobs := make(chan int)
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
	for {
		select {
		case r, ok := <-results:
			if !ok {
				return collected
			}
			collected = append(collected, r)
		case <-ctx.Done(): // wrong: the results of the requests cut short are still coming
			return collected
		}
	}
}
