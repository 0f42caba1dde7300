// Mistake: each goroutine counts itself out (wg.Done()) as soon as its request returns, and only then
// writes the result to its place. wg.Wait() can return between the two: the caller reads the results while
// the last write is still to come, a data race (and, on an unlucky schedule, an empty result). Each
// goroutine has memory of its own here; what is wrong is when it says it is done with it.
// Replaces: 02-waitgroups/allatonce.go
// Caught by: TestAllAtOnce/returns_one_result_per_request

package main

func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	results := make([]lesson.Result, n)
	var wg sync.WaitGroup
	for id := range n {
		wg.Add(1)
		go func() {
			r := fetch(ctx, id)
			wg.Done() // counted out before the write below: wg.Wait() may return first
			results[id] = r
		}()
	}
	wg.Wait()
	return results
}
