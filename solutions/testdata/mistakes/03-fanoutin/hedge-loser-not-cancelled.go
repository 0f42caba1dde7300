// Mistake: nothing cancels the attempt that lost (the request's context is left alone): the request
// waits for it to answer in its own time (the slow tail's, the very thing the hedge was sent to escape),
// holding a place, a connection and the server's time for nothing. Once the first answer is in, cancel the
// other attempt.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/cancels_the_first_attempt_at_once_when_its_hedge_answers_first

package main

func (r *hedgedRequest) stop() {
	r.running.Wait() // nothing cancels the loser: this waits for it to answer, however long it takes
}
