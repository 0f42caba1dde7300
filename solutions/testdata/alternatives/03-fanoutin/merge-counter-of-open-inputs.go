// Alternative: no WaitGroup. The forwarders count down how many are still running, and the last one to end
// closes the output; with no input at all, Merge closes it at once itself.
// Replaces: 03-fanoutin/merge.go

package main

import "sync/atomic"

func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	if len(ins) == 0 {
		close(out)
		return out
	}
	var open atomic.Int64
	open.Store(int64(len(ins)))
	for _, in := range ins {
		go func() {
			defer func() {
				if open.Add(-1) == 0 {
					close(out)
				}
			}()
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
