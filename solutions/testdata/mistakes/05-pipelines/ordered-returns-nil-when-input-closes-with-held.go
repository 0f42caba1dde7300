// Mistake: when the input closes while an id is missing, Ordered returns nil: the held messages are lost
// without a word, and the pipeline looks complete.
// Replaces: 05-pipelines/ordered.go
// Caught by: TestOrdered/fails_naming_the_missing_id_when_its_input_closes_before_that_id_comes

package main

func (b *reorderBuffer[T]) closed() error {
	return nil // held messages, and the missing id, are forgotten
}
