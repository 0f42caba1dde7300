// Mistake: beside each forwarder, Merge starts a goroutine that waits for ctx to be cancelled and then
// drains the input, so that its sender is not left blocked. But ctx may never be cancelled (the pool of
// -variant merge gives Merge one that never is): once every input is drained and the output closed, those
// goroutines still wait, for ever. Every goroutine Merge starts must end once its inputs are done, or ctx
// is, whichever comes first.
// Replaces: 03-fanoutin/merge.go
// Caught by: TestMerge/has_ended_every_goroutine_it_started_once_it_has_closed_its_output,_with_a_ctx_never_cancelled

package main

func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	var wg sync.WaitGroup
	for _, in := range ins {
		go func() {
			<-ctx.Done() // waits for a cancellation that may never come
			for range in {
			}
		}()
		wg.Go(func() {
			for {
				select {
				case r, ok := <-in:
					if !ok {
						return
					}
					select {
					case out <- r:
					case <-ctx.Done():
						return
					}
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
