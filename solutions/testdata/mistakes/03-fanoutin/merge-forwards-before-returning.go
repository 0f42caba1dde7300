// Mistake: Merge waits for its forwarders before it returns the output. Nobody can read the output before
// Merge has returned it, so the forwarders block on their first send, and Merge never returns.
// Replaces: 03-fanoutin/merge.go
// Caught by: TestMerge/forwards_every_value_of_every_input,_then_closes

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
					select {
					case out <- v:
					case <-ctx.Done():
						return
					}
				case <-ctx.Done():
					return
				}
			}
		})
	}
	wg.Wait() // nobody reads out until Merge returns: this waits for ever
	close(out)
	return out
}
