// Mistake: Ordered waits for id 1 first, where ids start at 0: id 0 then looks like one that came twice (or
// it goes out after the ones it should precede), and the messages do not come out in order.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/sends_the_messages_in_ID_order,_holding_early_ones_up_to_its_bound/already_in_order,_bound_0

package main

func newReorderBuffer[T any](bound int) *reorderBuffer[T] {
	return &reorderBuffer[T]{next: 1, held: make(map[int]Message[T], max(bound, 0)), bound: bound} // but ids start at 0
}
