// Mistake: the original project's busy signal: a channel of 1,000 tokens, a non-blocking send before fetch and
// an unconditional receive after it. Past 1,000 busy workers the send is skipped, so the count stops
// growing; the receive then takes another worker's token, and in the end blocks forever.
// Replaces: 04-backpressure/pace.go
// Caught by: TestThrottled/counts_busy_workers_exactly,_even_1,200_of_them

package main

func Throttled(ctx context.Context, n, workers int, fetch lesson.Fetch, th Throttle) []lesson.Result {
	// Throttled owns the monitor: stop cancels it when the run ends, even if ctx never is.
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	// Shared between goroutines: busy by the workers (written) and the monitor (read); pause by the monitor
	// (written) and the producer (read). Atomics make each read and write whole and ordered.
	var pause atomic.Int64
	busy := make(chan struct{}, 1000)
	var monitor sync.WaitGroup
	monitor.Go(func() {
		Monitor(ctx, th, func() int { return len(busy) }, func(d time.Duration) { pause.Store(int64(d)) })
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
				select {
				case busy <- struct{}{}: // signal busy
				default:
				}
				r := fetch(ctx, id)
				<-busy // signal done
				// No select: the collector reads results until it is closed (lesson 03), so this send
				// always completes, and a request cut short by a cancellation keeps its result.
				results <- r
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
	stop()
	monitor.Wait()
	return collected
}
