//go:build !solution

package main

import (
	"context"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

// AllAtOnce makes requests 0 to n-1 with fetch, all at once, each in a goroutine of its own, and returns
// their results in request order: results[i].ID == i.
//
// Its contract, which the tests check clause by clause:
//   - All n requests are in flight together: none waits for another to start or to end.
//   - No data race: no two goroutines use the same memory without synchronisation (`go test -race` checks).
//   - AllAtOnce returns only once every goroutine it started has finished, and with every result: nothing
//     it started is still running, and no result is missing.
//   - A failed request (a 500 in Result.Status, or a transport error in Result.Err) is a result like any
//     other: it is returned as fetch gave it.
//   - All n requests are made, whatever ctx says, each with ctx: once ctx is cancelled, fetch returns early
//     with ctx's error in Result.Err, and that result is returned like any other.
func AllAtOnce(ctx context.Context, n int, fetch lesson.Fetch) []lesson.Result {
	// TODO: write AllAtOnce.
	return nil
}
