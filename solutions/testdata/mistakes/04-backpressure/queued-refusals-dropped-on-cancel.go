// Mistake: once ctx is cancelled, Backpressure returns the results it has, and forgets the refused requests
// still waiting in the queue for their retry: they were attempted, and got a 503, but have no result.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/stops_promptly_when_cancelled,_keeps_the_results_cut_short,_and_leaves_no_goroutine

package main

func (d *dispatcher) outcome() ([]lesson.Result, []Change) {
	return d.results, d.changes // wrong: the refused requests still waiting for their retry are left out
}
