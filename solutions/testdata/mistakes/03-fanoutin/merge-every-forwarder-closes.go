// Mistake: each of Merge's forwarders closes the output when its own input ends: values from the other
// inputs are lost, and the second close panics.
// Replaces: 03-fanoutin/merge.go
// Caught by: TestMerge/forwards_every_value_of_every_input,_then_closes

package main

func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	for _, in := range ins {
		go func() {
			defer close(out) // each forwarder closes the shared output: the second close panics
			for r := range in {
				select {
				case out <- r:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	return out
}
