//go:build !solution

package main

import "context"

// Merge fans in: it returns at once a channel on which it forwards every value received from any of ins,
// and which it closes once every input is closed and drained, or once ctx is cancelled. It works for
// channels of any element type T: lesson.Result here, a pipeline's messages in lesson 05.
//
// Its contract, which the tests check clause by clause:
//   - Every value of every input comes out once, and the values of one input come out in the order they
//     came in.
//   - The output stays open while any input is open (and ctx is not cancelled); with no inputs, it is
//     closed at once.
//   - An input that never sends, or never closes, holds up no other input.
//   - Once ctx is cancelled, Merge stops forwarding (a value on its way may be dropped) and closes the
//     output, even if nobody reads it any more and an input never closes.
//   - Merge owns the output: it alone closes it, once, and only when none of the goroutines it started can
//     send on it any more. Every goroutine it starts ends by the time the output is closed.
func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	// TODO: write Merge.
	return nil
}
