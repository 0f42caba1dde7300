// Alternative: no long-lived workers: one dispatching goroutine starts a goroutine per request, but only
// once it holds one of W places in a semaphore (a buffered channel of W), which the goroutine gives back
// when its result is sent. At most W requests are in flight, and a freed place is taken at once. Each
// goroutine checks ctx before its request, as a worker would: it may have been started just before the
// cancellation.
// Replaces: 03-fanoutin/fanoutin.go

package main

func FanOutIn(ctx context.Context, n, workers int, fetch lesson.Fetch) []lesson.Result {
	places := make(chan struct{}, workers)
	results := make(chan lesson.Result)
	go func() {
		var wg sync.WaitGroup
		defer func() {
			wg.Wait()
			close(results) // the dispatcher's goroutines are the senders: it closes once they are all done
		}()
		for id := range n {
			select {
			case places <- struct{}{}:
			case <-ctx.Done():
				return
			}
			wg.Go(func() {
				defer func() { <-places }()
				if ctx.Err() != nil {
					return
				}
				results <- fetch(ctx, id)
			})
		}
	}()
	collected := make([]lesson.Result, 0, n)
	for r := range results {
		collected = append(collected, r)
	}
	return collected
}
