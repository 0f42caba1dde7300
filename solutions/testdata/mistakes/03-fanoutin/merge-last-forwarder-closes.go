// Mistake: the forwarders count down how many are left, and the last one to end closes the output. That is
// right, except with no inputs at all: there is no forwarder to close it, and the output stays open for ever.
// Replaces: 03-fanoutin/merge.go
// Caught by: TestMerge/closes_at_once_when_given_no_inputs

package main

import "sync/atomic"

func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	var left atomic.Int64
	left.Store(int64(len(ins)))
	for _, in := range ins { // with no input, no forwarder, and nobody closes out
		go func() {
			defer func() {
				if left.Add(-1) == 0 {
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
