// Mistake: a worker sends its result in a select with ctx.Done(), as lesson 03 once did: once ctx is cancelled,
// the results of the requests cut short are dropped, though those requests were made.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/stops_promptly_when_cancelled,_keeps_the_results_cut_short,_and_leaves_no_goroutine

package main

func Throttled(ctx context.Context, n, workers int, fetch lesson.Fetch, th Throttle) []lesson.Result {
	// Throttled owns the monitor: stop cancels it when the run ends, even if ctx never is.
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	// Shared between goroutines: busy by the workers (written) and the monitor (read); pause by the monitor
	// (written) and the producer (read). Atomics make each read and write whole and ordered.
	var busy, pause atomic.Int64
	var monitor sync.WaitGroup
	monitor.Go(func() {
		Monitor(ctx, th, func() int { return int(busy.Load()) }, func(d time.Duration) { pause.Store(int64(d)) })
	})

	jobs := make(chan int)
	results := make(chan lesson.Result)

	go func() {
		defer close(jobs)
		for id := range n {
			if !sleep(ctx, time.Duration(pause.Load())) {
				return
			}
			select {
			case jobs <- id:
			case <-ctx.Done():
				return
			}
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range jobs {
				if ctx.Err() != nil {
					return
				}
				busy.Add(1)
				r := fetch(ctx, id)
				busy.Add(-1)
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	collected := make([]lesson.Result, 0, n)
	for r := range results {
		if ctx.Err() != nil {
			break
		}
		collected = append(collected, r)
	}
	stop()
	monitor.Wait()
	return collected
}
