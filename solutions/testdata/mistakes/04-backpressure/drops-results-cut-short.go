// Mistake: a worker sends its result in a select with ctx.Done(), as lesson 03 once did: once ctx is cancelled,
// the results of the requests cut short are dropped, though those requests were made.
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
	for r := range results {
		if ctx.Err() != nil {
			break // wrong: the results of the requests cut short are results too
		}
		collected = append(collected, r)
	}
	return collected
}

func (p *pacing) work(ctx context.Context, fetch lesson.Fetch, jobs <-chan int, results chan<- lesson.Result) {
	for id := range jobs {
		if ctx.Err() != nil {
			return
		}
		p.busy.Add(1)
		r := fetch(ctx, id)
		p.busy.Add(-1)
		select {
		case results <- r:
		case <-ctx.Done(): // and the collector, which stops reading, cannot take it either
			return
		}
	}
}
