// Mistake: Merge's forwarders range over their input and send without a select: once ctx is cancelled, one
// waits forever on an input that never closes and another on a send nobody will receive.
// Replaces: 03-fanoutin/merge.go
// Caught by: TestMerge/closes_and_leaves_no_goroutine_once_ctx_is_cancelled,_even_if_nobody_reads

package main

func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Go(func() {
			for r := range in { // neither the receive nor the send looks at ctx
				out <- r
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
