// Mistake: a sync.Once per id makes the request, and every caller waits in once.Do. A Once runs its
// function once for good: every later call for the id gets the first answer, which makes a cache, not
// deduplication. And once.Do has no way to give up: a caller whose ctx is cancelled still waits for the
// request, which nobody ever cancels. (The callers who wait in once.Do wait for its mutex: in the tests,
// whose time stands still while a goroutine waits for a mutex, the test kit stops the run and says so, at
// the first test where two callers ask for one id.)
// Replaces: 02-waitgroups/challenge.go
// Caught by: TestDedupDo/shares_the_request_in_flight_with_every_caller_who_asks_for_the_same_id
// Removes: flight, Dedup.request, Dedup.leave

package main

import (
	"context"
	"sync"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

type Dedup struct {
	fetch lesson.Fetch

	mu      sync.Mutex
	once    map[int]*sync.Once
	results map[int]lesson.Result
}

func NewDedup(fetch lesson.Fetch) *Dedup {
	return &Dedup{fetch: fetch, once: map[int]*sync.Once{}, results: map[int]lesson.Result{}}
}

func (d *Dedup) Do(ctx context.Context, id int) lesson.Result {
	d.mu.Lock()
	once, ok := d.once[id]
	if !ok {
		once = &sync.Once{}
		d.once[id] = once
	}
	d.mu.Unlock()

	once.Do(func() { // once for good, and no way out for a caller who leaves
		r := d.fetch(context.WithoutCancel(ctx), id)
		d.mu.Lock()
		d.results[id] = r
		d.mu.Unlock()
	})
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.results[id]
}
