// Mistake: a 500 is retried like a 503: it is no overload signal (the server worked on it, and failed), and
// whether to retry it is another decision, which this lesson does not make. It is final.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/ends_a_request_at_its_first_500_or_transport_error:_neither_is_retried

package main

func overloadSignal(r lesson.Result) bool {
	return r.Status == http.StatusServiceUnavailable || r.Status == http.StatusTooManyRequests ||
		r.Status == http.StatusInternalServerError // wrong: a 500 is final
}
