// Mistake: each goroutine runs a helper that takes the WaitGroup by value. The helper's wg.Done() counts
// down its own copy, never the WaitGroup that AllAtOnce waits on: wg.Wait() never returns. (go vet's
// copylocks check says so first: a WaitGroup must not be copied after first use.)
// Replaces: 02-waitgroups/allatonce.go
// Caught by: TestAllAtOnce/returns_one_result_per_request

package main

func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var wg sync.WaitGroup
	for id := range n {
		wg.Add(1)
		go fetchInto(wg, results, ctx, id, fetch) // wg is copied here
	}
	wg.Wait()
	return results
}

// fetchInto stores request id's result in its place, and counts itself out of wg: out of its copy.
func fetchInto(wg sync.WaitGroup, results []lesson.Result, ctx context.Context, id int, fetch lesson.Fetch) {
	defer wg.Done()
	results[id] = fetch(ctx, id)
}
