// Mistake: a refusal is told to Succeeded, then to Rejected. Below the ceiling, Succeeded raises the limit
// first, so Rejected halves one more than the limit the server refused, and sets the ceiling at that very
// level: the limit climbs back to where the server said no, and is refused again.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/halves_the_limit_for_a_refusal_that_comes_alone,_and_never_raises_it_for_one

package main

func (d *dispatcher) refused(ctx context.Context, ans answer) {
	r := ans.result
	now := time.Now()
	d.lim.Succeeded(d.inFlight) // a refusal is no success
	d.lim.Rejected(now, r.RetryAfter)
	if d.budget > 0 && ctx.Err() == nil {
		d.budget--
		due := now.Add(r.RetryAfter + d.retry.backoff(r.ID, ans.attempt.attempt))
		d.enqueue(retrying{attempt{id: r.ID, attempt: ans.attempt.attempt + 1}, due, r})
	} else {
		d.results = append(d.results, r)
	}
}
