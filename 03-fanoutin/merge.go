//go:build !solution

package main

import "context"

// Merge fans in: it forwards every value from all the ins onto one channel, which it returns at once. It
// works for channels of any element type T: lesson.Result here, a pipeline's messages in lesson 05.
//
// Its contract, which the tests check:
//   - Every value from every input comes out once; values from one input keep their order.
//   - The output is closed exactly once: after every input is closed and drained, or once ctx is
//     cancelled, whichever comes first.
//   - It starts one goroutine per input, plus one to close the output; all of them end by the time the
//     output is closed, even if nobody reads it any more once ctx is cancelled.
func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	// TODO: make the output channel and a WaitGroup.
	// TODO: for each input, start a goroutine that forwards its values to the output until the input is
	//       closed or ctx is done. Both the receive from the input and the send to the output wait in a
	//       select with ctx.Done(): the input may never close, and nobody may read the output.
	// TODO: start a goroutine that waits for the forwarders, then closes the output.
	// TODO: return the output.
	return nil
}
