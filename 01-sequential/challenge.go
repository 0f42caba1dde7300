//go:build !solution

package main

import (
	"context"
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

// WithinBudget makes requests 0 to n-1 one after another, each with fetch, for as long as a time budget
// lasts, and returns the results of the requests it started, in request order: results[i].ID == i.
//
// Its contract, which the tests check:
//   - One request at a time: each starts once the one before it has returned, a request cut short
//     included (fetch may take a moment to give up once its ctx is done).
//   - Each request has at most perRequest from its start: then its fetch's ctx is done, and fetch gives
//     up with ctx's error. A perRequest of 0 sets no limit of its own; the budget's still holds.
//   - The whole run has at most budget (more than 0) from the call: a request still in flight when the
//     budget runs out is cut short at that moment, and no request starts after it.
//   - One result for every request started, and none for the others: the one the budget cut short
//     included. A failed request (a 500, a transport error, its own time-out) is a result like any
//     other: keep it, and go on with the next id.
//   - A result cut short says why, and keeps what fetch said. Its Err wraps ErrRequestTimeout when its
//     own perRequest ran out first, and ErrBudgetSpent when the budget did (errors.Is), however late fetch
//     returns; and it still wraps the error fetch returned (errors.Is). When ctx itself ended it (ctx was
//     cancelled, or a deadline of ctx's own passed), its Err is ctx's error, as fetch returned it, and
//     wraps neither.
//   - Once ctx is done, no request starts (none at all when it is done before the call); the result of
//     the one in flight is kept.
//   - Nothing is left running when it returns.
func WithinBudget(ctx context.Context, n int, fetch lesson.Fetch, budget, perRequest time.Duration) []lesson.Result {
	// TODO: write WithinBudget.
	return nil
}
