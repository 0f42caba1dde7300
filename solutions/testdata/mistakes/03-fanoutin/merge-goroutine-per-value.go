// Mistake: a forwarder starts a goroutine per value to send it, so as never to wait on the output itself.
// Those goroutines send in whatever order they happen to run: the values of one input lose their order.
// Replaces: 03-fanoutin/merge.go
// Caught by: TestMerge/keeps_the_order_of_each_input's_values

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
					wg.Go(func() { // one goroutine per value: their sends race one another
						select {
						case out <- v:
						case <-ctx.Done():
						}
					})
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
