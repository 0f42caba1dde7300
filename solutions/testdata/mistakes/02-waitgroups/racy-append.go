// Mistake: the original project's code. Every goroutine appends to one shared slice with no lock: a data
// race on the slice's length and array, which loses results and which `go test -race` reports.
// Replaces: 02-waitgroups/allatoncemutex.go
// Caught by: TestAllAtOnceMutex/returns_one_result_per_request

package main

func AllAtOnceMutex(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	var results []lesson.Result
	var wg sync.WaitGroup
	for id := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := fetch(ctx, id)
			results = append(results, r)
		}()
	}
	wg.Wait()
	return results
}
