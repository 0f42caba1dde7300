// Mistake: the output is closed as soon as one forwarder ends (once, with a sync.Once): the inputs still
// open lose their values, and their forwarders' next send on the closed output panics.
// Replaces: 03-fanoutin/merge.go
// Caught by: TestMerge/forwards_every_value_of_every_input,_then_closes

package main

func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	var once sync.Once
	for _, in := range ins {
		go func() {
			defer once.Do(func() { close(out) }) // the first input to end closes it for all
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
		}()
	}
	return out
}
