// Mistake: a 503 is the request's final result at once: the pool slows down as it should, but every request
// refused on the way fails, though the server only asked it to come back a second later.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/sends_nothing_while_a_Retry-After_pause_holds

package main

func (d *dispatcher) refused(ctx context.Context, ans answer) {
	r := ans.result
	now := time.Now()
	d.lim.Rejected(now, r.RetryAfter)
	if d.budget < 0 && ctx.Err() == nil { // never
		d.budget--
		due := now.Add(r.RetryAfter + d.retry.backoff(r.ID, ans.attempt.attempt))
		d.enqueue(retrying{attempt{id: r.ID, attempt: ans.attempt.attempt + 1}, due, r})
	} else {
		d.results = append(d.results, r)
	}
}
