// Mistake: golang.org/x/sync/singleflight alone. DoChan shares the request and lets each caller leave on
// its ctx, and the request runs on a context of its own, so that no caller's cancellation ends it for the
// others. But nothing ever cancels it: when every caller has left, it runs on until it ends, for nobody.
// singleflight does not count who waits; that count, and the cancel it leads to, are the challenge.
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/cancels_the_request_once_every_caller_waiting_for_it_has_left
// Removes: flight, Dedup.request, Dedup.leave

package main

import (
	"context"
	"strconv"

	"golang.org/x/sync/singleflight"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

type Dedup struct {
	fetch lesson.Fetch
	group singleflight.Group
}

func NewDedup(fetch lesson.Fetch) *Dedup {
	return &Dedup{fetch: fetch}
}

func (d *Dedup) Do(ctx context.Context, id int) lesson.Result {
	if err := ctx.Err(); err != nil {
		return lesson.Result{ID: id, Err: err}
	}
	answer := d.group.DoChan(strconv.Itoa(id), func() (any, error) {
		return d.fetch(context.WithoutCancel(ctx), id), nil // never cancelled, even once nobody waits
	})
	select {
	case res := <-answer:
		return res.Val.(lesson.Result)
	case <-ctx.Done():
		return lesson.Result{ID: id, Err: ctx.Err()}
	}
}
