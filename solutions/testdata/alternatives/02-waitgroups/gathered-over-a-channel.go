// Alternative: no mutex. Each goroutine sends its result on a channel, and AllAtOnceMutex appends them in
// the order they arrive, from its own goroutine only: the slice has one owner, so nothing needs a lock.
// Replaces: 02-waitgroups/allatoncemutex.go

package main

func AllAtOnceMutex(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	done := make(chan lesson.Result)
	for id := range n {
		go func() { done <- fetch(ctx, id) }()
	}
	results := make([]lesson.Result, 0, n)
	for range n {
		results = append(results, <-done)
	}
	return results
}
