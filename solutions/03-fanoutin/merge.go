package fanoutin

import (
	"context"
	"sync"
)

// Merge forwards every value from all of ins onto one channel, which it closes once every input is closed
// and drained, or once ctx is cancelled.
func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Go(func() {
			for {
				// Both the receive and the send wait in a select with ctx.Done(): an input that is never
				// closed, or an output nobody reads, must not keep this goroutine once ctx is cancelled.
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
