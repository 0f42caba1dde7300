// Mistake: the loop retries while the budget is not below 0: with a budget of 5 it makes 6 retries, one more than
// the budget allows.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/spends_exactly_its_retry_budget_when_the_server_only_ever_answers_503

package main

func (d *dispatcher) refused(ctx context.Context, ans answer) {
	r := ans.result
	now := time.Now()
	d.lim.Rejected(now, r.RetryAfter)
	if d.budget >= 0 && ctx.Err() == nil { // wrong: a budget of 0 still retries once
		d.budget--
		due := now.Add(r.RetryAfter + d.retry.backoff(r.ID, ans.attempt.attempt))
		d.enqueue(retrying{attempt{id: r.ID, attempt: ans.attempt.attempt + 1}, due, r})
	} else {
		d.results = append(d.results, r)
	}
}
