// Mistake: the Go Tour's shape done right, but its only look at ctx is a select between taking a slot and
// <-ctx.Done(). When ctx is already done and a slot is free, both cases are ready, and select picks one at
// random: one crawl in two fetches root all the same (and, once ctx is done mid-crawl, a goroutine that
// finds a slot free may start a fetch). A select is no check: check ctx.Err() after taking the slot, before
// the fetch starts.
// Replaces: 05-pipelines/challenge.go
// Based on: crawl-waitgroup-add-before-done
// Caught by: TestCrawl/makes_no_fetch_when_ctx_is_already_done

package main

import "github.com/go-concurrency-workshop/workshop/internal/lesson"

func (t *tour) fetch(id int) (links []int, r lesson.Result, ok bool) {
	select { // both ready when ctx is done and a token free: either may be picked
	case t.tokens <- struct{}{}:
	case <-t.ctx.Done():
		return nil, r, false
	}
	defer func() { <-t.tokens }()
	links, r = t.fetchPage(t.ctx, id)
	return links, r, true
}
