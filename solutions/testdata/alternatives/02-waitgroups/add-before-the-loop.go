// Alternative: the WaitGroup counts all n goroutines in with one wg.Add(n) before any starts, and each
// counts itself out with a deferred wg.Done(): what wg.Go does one goroutine at a time.
// Replaces: 02-waitgroups/allatonce.go

package main

func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for id := range n {
		go func() {
			defer wg.Done()
			results[id] = fetch(ctx, id)
		}()
	}
	wg.Wait()
	return results
}
