// Mistake: Succeeded compares the requests in flight with limit/2, which integer division rounds down: at limit 3,
// one request in flight counts as half of it in use (1 >= 3/2), and the limit grows though the pool uses only a
// third of it. Compare 2 × in flight with the limit.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestLimiterSucceeded/needs_at_least_half_the_limit_in_use,_also_when_the_limit_is_odd

package main

func (l *Limiter) Succeeded(inFlight int) {
	if inFlight >= l.limit/2 && l.limit < l.ceiling { // wrong: 3/2 is 1
		l.limit++
	}
}
