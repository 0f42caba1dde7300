// Mistake: Merge forwards its inputs one after another from a single goroutine. An input that never sends
// (or never closes) holds up every input after it: their values wait, however long, for it to close.
// Replaces: 03-fanoutin/merge.go
// Caught by: TestMerge/does_not_let_an_input_that_never_sends_hold_up_the_others

package main

func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	go func() {
		defer close(out)
		for _, in := range ins { // one input at a time: the next waits until this one is closed
			for {
				// Both the receive and the send wait in a select with ctx.Done(): an input that is never
				// closed, or an output nobody reads, must not keep this goroutine once ctx is cancelled.
				select {
				case r, ok := <-in:
					if !ok {
						goto next
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
		next:
		}
	}()
	return out
}
