// Mistake: Limit returns the most the limit may grow to, not the limit: the pool goes straight to all its workers,
// and neither the additive increase nor the cuts show.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestLimiterLimit/is_the_limit_itself:_1_for_a_new_limiter,_not_the_most_it_may_grow_to

package main

func (l *Limiter) Limit() int { return l.ceiling } // wrong: the ceiling is the most it may grow to
