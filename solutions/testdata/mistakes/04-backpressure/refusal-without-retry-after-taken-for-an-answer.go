// Mistake: only a 503 or a 429 that comes with a Retry-After is taken for an overload signal; one without the
// header is final at once, and raises the limit as an answer would. The status is the signal; the header only says
// how long to wait.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/takes_a_503_or_a_429_without_Retry-After_as_an_overload_signal:_cuts_the_limit_and_retries

package main

func overloadSignal(r lesson.Result) bool {
	return (r.Status == http.StatusServiceUnavailable || r.Status == http.StatusTooManyRequests) &&
		r.RetryAfter > 0 // wrong: the header is optional
}
