// Mistake: the closer closes the output as soon as ctx is cancelled, without waiting for the forwarders.
// A forwarder that was between a receive and a send can then pick the send on the closed output: a panic.
// Replaces: 03-fanoutin/merge.go
// Caught by: TestMerge/closes_its_output_only_once_none_of_its_goroutines_can_send_on_it

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
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	go func() {
		select {
		case <-done:
		case <-ctx.Done(): // the forwarders may still be about to send
		}
		close(out)
	}()
	return out
}
