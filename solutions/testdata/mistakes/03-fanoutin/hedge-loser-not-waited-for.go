// Mistake: the attempt that lost is cancelled, but nobody waits for it: cancelling is not waiting. Its
// goroutine runs until its fetch returns, so Hedged can return while the loser is still in flight: a
// goroutine without an owner.
// Replaces: 03-fanoutin/challenge.go
// Caught by: TestHedged/does_not_return_before_the_cancelled_attempt_has_ended

package main

func (r *hedgedRequest) attempt() { go r.run() } // no WaitGroup: stop cancels the loser, but nobody waits for it
