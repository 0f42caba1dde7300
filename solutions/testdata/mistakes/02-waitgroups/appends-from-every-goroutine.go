// Mistake: the original project's bug, in AllAtOnce: every goroutine appends to one shared slice with no
// lock. A data race on the slice's length and array, which loses results and which `go test -race` reports.
// Replaces: 02-waitgroups/allatonce.go
// Caught by: TestAllAtOnce/returns_one_result_per_request

package main

func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, 0, n)
	var wg sync.WaitGroup
	for id := range n {
		wg.Go(func() {
			results = append(results, fetch(ctx, id)) // every goroutine writes the same slice: a data race
		})
	}
	wg.Wait()
	return results
}
