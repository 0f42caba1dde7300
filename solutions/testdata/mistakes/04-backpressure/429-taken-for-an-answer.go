// Mistake: only a 503 is taken for an overload signal: a 429 Too Many Requests (what a rate-limited API says) is
// final at once, and even raises the limit, while the server asked for a pause.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/sends_nothing_while_a_Retry-After_pause_holds

package main

func overloadSignal(r lesson.Result) bool {
	return r.Status == http.StatusServiceUnavailable // wrong: a 429 is an overload signal too
}
