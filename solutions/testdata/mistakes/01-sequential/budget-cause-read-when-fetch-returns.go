// Mistake: who cut a request short is read from the contexts' Err once fetch returns: the budget if its
// context is done by then, else the request's own limit. But fetch takes a moment to give up: a request cut
// short by its own limit, whose fetch returns after the budget has run out, finds both done and is marked
// ErrBudgetSpent. A context's Err says only that it is done; its cause, set the moment it ended, says why.
// Replaces: 01-sequential/challenge.go
// Caught by: TestWithinBudget/marks_a_result_by_the_limit_that_ran_out_first,_even_when_the_other_runs_out_while_it_gives_up

package main

import (
	"context"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func request(ctx, run context.Context, id int, fetch lesson.Fetch, perRequest time.Duration) lesson.Result {
	req, cancel := run, func() {}
	if perRequest > 0 {
		req, cancel = context.WithTimeout(run, perRequest)
	}
	defer cancel()
	r := fetch(req, id)
	switch {
	case r.Err == nil, ctx.Err() != nil:
	case run.Err() != nil: // read when fetch returns: the budget may have run out since
		r.Err = ErrBudgetSpent
	case req.Err() != nil:
		r.Err = ErrRequestTimeout
	}
	return r
}
