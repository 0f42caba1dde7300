// Mistake: a refused request is dropped: its 503 is neither retried nor returned. The run ends with fewer results
// than requests, and nothing says which are missing.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/ends_every_request_with_exactly_one_final_result:_its_last_attempt

package main

func (d *dispatcher) refused(ctx context.Context, ans answer) {
	d.lim.Rejected(time.Now(), ans.result.RetryAfter)
	// wrong: and forgotten, neither retried nor returned
}
