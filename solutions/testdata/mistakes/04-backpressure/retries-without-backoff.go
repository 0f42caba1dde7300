// Mistake: a refused request is retried as soon as its Retry-After ends, with no backoff and no jitter: every
// request refused in one burst comes back at the same instant, and a request refused again waits no longer.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/waits_the_Retry-After_and_the_jittered_backoff_before_each_retry

package main

func (r Retry) backoff(id, attempt int) time.Duration {
	return 0 // no backoff, and so no jitter: a retry is due as soon as its Retry-After ends
}
