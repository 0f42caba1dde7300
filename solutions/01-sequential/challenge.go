package sequential

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// ErrBudgetSpent marks the result of a request that WithinBudget cut short because the whole run's budget
// ran out. It wraps context.DeadlineExceeded.
var ErrBudgetSpent = fmt.Errorf("within budget: the run's time budget is spent: %w", context.DeadlineExceeded)

// ErrRequestTimeout marks the result of a request that WithinBudget cut short because it took longer than
// its own limit, perRequest. It wraps context.DeadlineExceeded.
var ErrRequestTimeout = fmt.Errorf("within budget: the request took longer than its own limit: %w", context.DeadlineExceeded)

// WithinBudget makes requests 0 to n-1 one after another while the budget lasts, each for at most
// perRequest (0: no limit of its own), and returns the results of those it started, in request order. A
// request cut short by its own limit has ErrRequestTimeout as its error, one cut short by the budget
// ErrBudgetSpent.
func WithinBudget(ctx context.Context, n int, fetch lesson.Fetch, budget, perRequest time.Duration) []lesson.Result {
	// The budget is a context: its deadline cuts short whatever is in flight when it passes, and every
	// request's context is derived from it, so no request's deadline can outlive the budget's.
	run, cancel := context.WithTimeoutCause(ctx, budget, ErrBudgetSpent)
	defer cancel()

	results := make([]lesson.Result, 0, n)
	for id := range n {
		if run.Err() != nil { // the budget is spent, or ctx is done: start nothing more
			break
		}
		results = append(results, request(ctx, run, id, fetch, perRequest))
	}
	return results
}

// request makes request id under run, the budget's context, for at most perRequest (0: no limit of its
// own), and returns its result; its error says who cut it short, when something did.
func request(ctx, run context.Context, id int, fetch lesson.Fetch, perRequest time.Duration) lesson.Result {
	req, cancel := run, func() {}
	if perRequest > 0 {
		req, cancel = context.WithTimeoutCause(run, perRequest, ErrRequestTimeout)
	}
	defer cancel()
	r := fetch(req, id)
	// req's cause was decided the moment req ended, whatever came after: its own limit, the budget (a child
	// cancelled by its parent has the parent's cause), or ctx's own error. ctx.Err() when fetch returns
	// would not do: ctx may have been cancelled while fetch gave up.
	if cause := context.Cause(req); r.Err != nil && (errors.Is(cause, ErrRequestTimeout) || errors.Is(cause, ErrBudgetSpent)) {
		r.Err = fmt.Errorf("%w (fetch: %w)", cause, r.Err)
	}
	return r
}
