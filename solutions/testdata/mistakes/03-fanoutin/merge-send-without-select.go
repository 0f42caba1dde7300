// Mistake: each forwarder's receive watches ctx, but its send does not: once ctx is cancelled and nobody
// reads the output any more, a forwarder waits on its send for ever, and Merge never closes its output.
// Replaces: 03-fanoutin/merge.go
// Caught by: TestMerge/closes_and_leaves_no_goroutine_once_ctx_is_cancelled,_even_if_nobody_reads

package main

func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Go(func() {
			for {
				select {
				case v, ok := <-in:
					if !ok {
						return
					}
					out <- v // nobody may ever take it
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
