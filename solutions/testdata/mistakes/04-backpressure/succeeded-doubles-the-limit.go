// Mistake: Succeeded doubles the limit, as TCP's slow start does, instead of adding one: additive increase is one
// more request per answer, so that the limit creeps up to the capacity instead of leaping past it.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestLimiterSucceeded/raises_the_limit_by_one_for_each_answer_while_at_least_half_of_it_is_in_use

package main

func (l *Limiter) Succeeded(inFlight int) {
	if 2*inFlight >= l.limit && l.limit < l.ceiling {
		l.limit = min(2*l.limit, l.ceiling) // wrong: one more, not twice as many
	}
}
