// Mistake: the refused requests are queued in the order they were refused, and the loop sends the head of the
// queue once it is due: a request refused later with a shorter wait (a shorter Retry-After, a smaller jitter)
// waits behind one due later. Keep the queue in the order of the due times.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/sends_the_retry_due_first_first,_and_a_retry_that_is_due_before_any_new_request

package main

func (d *dispatcher) enqueue(q retrying) {
	d.queue = append(d.queue, q) // wrong: the next due may not be the first queued
}
