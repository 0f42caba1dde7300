package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/units"
)

// callers is -variant dedup's -callers: how many goroutines ask for each id.
type callers int

// flags adds -callers to the flags every lesson shares (harness.Lesson.Flags).
func (c *callers) flags(fs *flag.FlagSet) (check func() error) {
	fs.IntVar((*int)(c), "callers", 15, "with -variant dedup: how many goroutines ask for each id, all at about the same time")
	return func() error {
		if *c < 1 || *c > 1000 {
			return fmt.Errorf("-callers must be between 1 and 1000, got %d", *c)
		}
		return nil
	}
}

// dedupFigures is what a run of the challenge, Dedup (challenge.go), did: the report's "dedup" section.
type dedupFigures struct {
	IDs      int `json:"ids"`      // -requests: the distinct ids asked for
	Calls    int `json:"calls"`    // calls of Do: ids × callers
	Requests int `json:"requests"` // calls of fetch: the requests the server was sent
	Shared   int `json:"shared"`   // calls answered by a request they shared: answered - Requests
	Left     int `json:"left"`     // calls that returned their own ctx's error (after Ctrl-C)
}

// dedup asks for ids 0 to ids-1 through one Dedup, each from perID goroutines started together (ids ×
// perID goroutines in all), and returns, for each id requested, its last request's result: the run's
// final outcome for the id, one per id as the report expects. The figures say how many requests the
// calls took.
func dedup(ctx context.Context, ids, perID int, fetch lesson.Fetch) ([]lesson.Result, dedupFigures) {
	var (
		requests atomic.Int64
		mu       sync.Mutex
		last     = map[int]lesson.Result{} // each id's last request's result
	)
	d := NewDedup(func(ctx context.Context, id int) lesson.Result {
		requests.Add(1)
		r := fetch(ctx, id)
		mu.Lock()
		defer mu.Unlock()
		last[id] = r
		return r
	})
	var (
		wg             sync.WaitGroup
		answered, left atomic.Int64
	)
	for id := range ids {
		for range perID {
			wg.Go(func() {
				r := d.Do(ctx, id)
				if ctx.Err() != nil && errors.Is(r.Err, context.Canceled) {
					left.Add(1)
				} else {
					answered.Add(1)
				}
			})
		}
	}
	wg.Wait()

	mu.Lock()
	defer mu.Unlock()
	results := make([]lesson.Result, 0, len(last))
	for id := range ids {
		if r, ok := last[id]; ok {
			results = append(results, r)
		}
	}
	made := int(requests.Load())
	return results, dedupFigures{IDs: ids, Calls: ids * perID, Requests: made,
		Shared: max(0, int(answered.Load())-made), Left: int(left.Load())}
}

// String is the section's text.
func (f dedupFigures) String() string {
	s := fmt.Sprintf("%s calls for %s ids · %s requests sent · %s answers shared", units.Count(f.Calls),
		units.Count(f.IDs), units.Count(f.Requests), units.Count(f.Shared))
	if again := f.Requests - f.IDs; again > 0 {
		s += fmt.Sprintf("\n%s for an id asked for before: a caller came once the id's request had ended",
			plural(again, "request"))
	}
	if f.Left > 0 {
		s += fmt.Sprintf("\n%s left before their answer came", plural(f.Left, "call"))
	}
	return s
}

// plural is "1 call", "2 calls".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return units.Count(n) + " " + noun + "s"
}
