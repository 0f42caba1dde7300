//go:build !solution

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// Merge fans in: it forwards every result from all the ins onto one channel, which it returns at once.
//
// Its contract, which the tests check:
//   - Every value from every input comes out once; values from one input keep their order.
//   - The output is closed exactly once: after every input is closed and drained, or once ctx is
//     cancelled, whichever comes first.
//   - It starts one goroutine per input, plus one to close the output; all of them end by the time the
//     output is closed, even if nobody reads it any more once ctx is cancelled.
func Merge(ctx context.Context, ins ...<-chan lesson.Result) <-chan lesson.Result {
	// TODO: make the output channel and a WaitGroup.
	// TODO: for each input, start a goroutine that forwards its values to the output until the input is
	//       closed or ctx is done. Both the receive from the input and the send to the output wait in a
	//       select with ctx.Done(): the input may never close, and nobody may read the output.
	// TODO: start a goroutine that waits for the forwarders, then closes the output.
	// TODO: return the output.
	return nil
}
