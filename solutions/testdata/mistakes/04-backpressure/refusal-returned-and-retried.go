// Mistake: a refused attempt is added to the results and queued for its retry as well: the request ends with two
// results, its refusal and its retry's answer. Only the last attempt is the final result.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/ends_every_request_with_exactly_one_final_result:_its_last_attempt

package main

func (d *dispatcher) refused(ctx context.Context, ans answer) {
	r := ans.result
	now := time.Now()
	d.lim.Rejected(now, r.RetryAfter)
	d.results = append(d.results, r) // wrong: only the last attempt is a result
	if d.budget > 0 && ctx.Err() == nil {
		d.budget--
		due := now.Add(r.RetryAfter + d.retry.backoff(r.ID, ans.attempt.attempt))
		d.enqueue(retrying{attempt{id: r.ID, attempt: ans.attempt.attempt + 1}, due, r})
	}
}

func (d *dispatcher) outcome() ([]lesson.Result, []Change) {
	return d.results, d.changes // every refusal is in the results already
}
