// Mistake: NewLimiter takes most as the ceiling as it is, and Succeeded keeps the limit under the ceiling with
// min: with most 0 the first answer sets the limit to 0, and nothing is ever sent again. The limit never goes
// below 1, whatever most is.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestNewLimiter/allows_one_request_in_flight,_and_never_more,_when_most_is_0_or_less

package main

func NewLimiter(most int) *Limiter {
	return &Limiter{limit: 1, ceiling: most} // wrong: most may be 0
}

func (l *Limiter) Succeeded(inFlight int) {
	if 2*inFlight >= l.limit {
		l.limit = min(l.limit+1, l.ceiling)
	}
}
