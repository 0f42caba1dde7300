// Mistake: the lock is held while the request is made, not only around the append. The requests take
// turns, one at a time: lesson 01 with extra steps. (In the tests, time stands still while goroutines
// wait for a mutex, so this one is stopped by the test kit's watchdog, with a diagnosis.)
// Replaces: 02-waitgroups/allatoncemutex.go
// Caught by: TestAllAtOnceMutex/returns_one_result_per_request

package main

func AllAtOnceMutex(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for id := range n {
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
			results = append(results, fetch(ctx, id))
		})
	}
	wg.Wait()
	return results
}
