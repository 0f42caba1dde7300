// Mistake: the Limiter hears of a refusal only when it is retried: once the budget is spent (or with a budget
// of 0), a 503 is final and cuts nothing, pauses nothing, and the pool keeps running into the capacity.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/hears_of_every_refusal,_also_once_the_retry_budget_is_spent:_it_cuts_the_limit_and_pauses

package main

func (d *dispatcher) refused(ctx context.Context, ans answer) {
	r := ans.result
	now := time.Now()
	if d.budget > 0 && ctx.Err() == nil {
		d.lim.Rejected(now, r.RetryAfter) // only for the refusals that are retried
		d.budget--
		due := now.Add(r.RetryAfter + d.retry.backoff(r.ID, ans.attempt.attempt))
		d.enqueue(retrying{attempt{id: r.ID, attempt: ans.attempt.attempt + 1}, due, r})
	} else {
		d.results = append(d.results, r)
	}
}
