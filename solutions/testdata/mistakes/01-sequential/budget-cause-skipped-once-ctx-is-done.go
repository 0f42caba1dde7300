// Mistake: a result is marked only if ctx is not done when fetch returns, to leave ctx's own cancellations
// unmarked. But fetch takes a moment to give up: a request cut short by its own limit, during whose giving
// up ctx is cancelled, is left unmarked though its own limit ran out first. Its context's cause, set the
// moment it ended, already tells ctx's cancellations apart.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/marks_a_result_by_its_own_limit_when_ctx_is_cancelled_while_it_gives_up

package main

func request(ctx, run context.Context, id int, fetch lesson.Fetch, perRequest time.Duration) lesson.Result {
	req, cancel := run, func() {}
	if perRequest > 0 {
		req, cancel = context.WithTimeoutCause(run, perRequest, ErrRequestTimeout)
	}
	defer cancel()
	r := fetch(req, id)
	if r.Err != nil && req.Err() != nil && ctx.Err() == nil { // ctx may have been cancelled while fetch gave up
		r.Err = fmt.Errorf("%w (fetch: %w)", context.Cause(req), r.Err)
	}
	return r
}
