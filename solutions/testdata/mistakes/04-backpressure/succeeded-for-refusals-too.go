// Mistake: a refusal is told to the Limiter twice, as an overload (Rejected) and as an answer (Succeeded): each
// 503 takes back part of the cut it made, and the limit settles above what the server can take.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/halves_the_limit_for_a_refusal_that_comes_alone,_and_never_raises_it_for_one

package main

func (d *dispatcher) refused(ctx context.Context, ans answer) {
	r := ans.result
	now := time.Now()
	d.lim.Rejected(now, r.RetryAfter)
	d.lim.Succeeded(d.inFlight) // wrong: a refusal is no answer
	if d.budget > 0 && ctx.Err() == nil {
		d.budget--
		due := now.Add(r.RetryAfter + d.retry.backoff(r.ID, ans.attempt.attempt))
		d.enqueue(retrying{attempt{id: r.ID, attempt: ans.attempt.attempt + 1}, due, r})
	} else {
		d.results = append(d.results, r)
	}
}
