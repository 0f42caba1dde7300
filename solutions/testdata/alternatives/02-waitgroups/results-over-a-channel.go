// Alternative: no WaitGroup. Each goroutine sends its result on a channel, and AllAtOnce receives exactly n
// of them, putting each in its place by id: the n-th receive is the moment the last goroutine is done.
// Replaces: 02-waitgroups/allatonce.go

package main

func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	done := make(chan lesson.Result)
	for id := range n {
		go func() { done <- fetch(ctx, id) }()
	}
	results := make([]lesson.Result, n)
	for range n { // one receive per goroutine, never fewer: a goroutine whose send nobody takes is leaked
		r := <-done
		results[r.ID] = r
	}
	return results
}
