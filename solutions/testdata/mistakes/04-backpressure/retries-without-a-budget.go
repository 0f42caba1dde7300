// Mistake: every refused request is retried, again and again, with no budget: against a server that is down, a
// retry storm that multiplies the load when the server can least take it, and never ends.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/spends_exactly_its_retry_budget_when_the_server_only_ever_answers_503

package main

func (d *dispatcher) refused(ctx context.Context, ans answer) {
	r := ans.result
	now := time.Now()
	d.lim.Rejected(now, r.RetryAfter)
	if ctx.Err() == nil { // wrong: no budget, every refusal is retried
		due := now.Add(r.RetryAfter + d.retry.backoff(r.ID, ans.attempt.attempt))
		d.enqueue(retrying{attempt{id: r.ID, attempt: ans.attempt.attempt + 1}, due, r})
	} else {
		d.results = append(d.results, r)
	}
}
