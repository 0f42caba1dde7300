// Mistake: wg.Add(1) is called inside the goroutine instead of before the go statement. wg.Wait can run
// before the goroutines have counted themselves in, see a count of zero and return at once, with the
// requests still in flight and the results not yet written.
// Replaces: 02-waitgroups/allatonce.go
// Caught by: TestAllAtOnce/returns_only_after_every_request_has_finished

package main

func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var wg sync.WaitGroup
	for id := range n {
		go func() {
			wg.Add(1)
			defer wg.Done()
			results[id] = fetch(ctx, id)
		}()
	}
	wg.Wait()
	return results
}
