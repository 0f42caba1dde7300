// Mistake: each forwarder ranges over its input, so only its send watches ctx: once ctx is cancelled, a
// forwarder whose input never closes waits on it for ever, and Merge never closes its output.
// Replaces: 03-fanoutin/merge.go
// Caught by: TestMerge/closes_and_leaves_no_goroutine_once_ctx_is_cancelled,_even_if_nobody_reads

package main

func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Go(func() {
			for v := range in { // waits for the input, whatever ctx says
				select {
				case out <- v:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
