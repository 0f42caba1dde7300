// Mistake: the Limiter hears of a refusal as of the moment its request was sent, not when the refusal came: the
// pause ends a whole request early, and requests go while the server still asks for quiet.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/sends_nothing_while_a_Retry-After_pause_holds

package main

func (d *dispatcher) refused(ctx context.Context, ans answer) {
	r := ans.result
	now := time.Now()
	d.lim.Rejected(now.Add(-r.Latency), r.RetryAfter) // wrong: the pause starts at the refusal
	if d.budget > 0 && ctx.Err() == nil {
		d.budget--
		due := now.Add(r.RetryAfter + d.retry.backoff(r.ID, ans.attempt.attempt))
		d.enqueue(retrying{attempt{id: r.ID, attempt: ans.attempt.attempt + 1}, due, r})
	} else {
		d.results = append(d.results, r)
	}
}
