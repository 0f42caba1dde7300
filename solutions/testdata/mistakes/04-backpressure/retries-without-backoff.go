// Mistake: a refused request is retried as soon as its Retry-After ends, with no backoff and no jitter: every
// request refused in one burst comes back at the same instant, and a request refused again waits no longer.
// Replaces: 04-backpressure/pushback.go
// Caught by: TestBackpressure/waits_the_Retry-After_and_the_jittered_backoff_before_each_retry

package main

func (d *dispatcher) refused(ctx context.Context, ans answer) {
	r := ans.result
	now := time.Now()
	d.lim.Rejected(now, r.RetryAfter)
	if d.budget > 0 && ctx.Err() == nil {
		d.budget--
		due := now.Add(r.RetryAfter) // wrong: no backoff, no jitter
		d.enqueue(retrying{attempt{id: r.ID, attempt: ans.attempt.attempt + 1}, due, r})
	} else {
		d.results = append(d.results, r)
	}
}
