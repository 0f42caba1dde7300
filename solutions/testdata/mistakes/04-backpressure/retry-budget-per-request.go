// Mistake: the budget is counted per request, each one allowed Budget retries: against a server that is down, n ×
// Budget retries instead of Budget for the whole run. The budget is one count, all requests together.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/spends_exactly_its_retry_budget_when_the_server_only_ever_answers_503

package main

func (d *dispatcher) refused(ctx context.Context, ans answer) {
	r := ans.result
	now := time.Now()
	d.lim.Rejected(now, r.RetryAfter)
	if ans.attempt.attempt < d.budget && ctx.Err() == nil { // wrong: per request
		due := now.Add(r.RetryAfter + d.retry.backoff(r.ID, ans.attempt.attempt))
		d.enqueue(retrying{attempt{id: r.ID, attempt: ans.attempt.attempt + 1}, due, r})
	} else {
		d.results = append(d.results, r)
	}
}
