package lessontest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func TestRunTail(t *testing.T) {
	const ms = time.Millisecond
	// Id 1's first attempt is on the tail (50ms); its second, made at 5ms, is not (10ms) and wins; the first
	// is then cancelled, and gives up in 2ms. Id 2's first attempt is on the tail, and answers.
	tail := func(id, attempt int) time.Duration {
		if attempt == 0 && id > 0 {
			return 50 * ms
		}
		return 0
	}
	hedge := func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
		var wg sync.WaitGroup
		results := make([]lesson.Result, 3)
		wg.Go(func() { results[0] = fetch(ctx, 0) })
		wg.Go(func() { results[2] = fetch(ctx, 2) })
		wg.Go(func() {
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			first := make(chan lesson.Result, 2)
			var attempts sync.WaitGroup
			attempts.Go(func() { first <- fetch(ctx, 1) })
			time.Sleep(5 * ms)
			attempts.Go(func() { first <- fetch(ctx, 1) })
			results[1] = <-first
			cancel()
			attempts.Wait()
		})
		wg.Wait()
		return results
	}
	out := RunTail(t, "hedge", Scenario{Latency: 10 * ms, GiveUp: 2 * ms}, tail, hedge)
	assert.Equal(t, 50*ms, out.Took, "id 2 answers last, at 50ms")
	assert.Equal(t, 4, out.PeakInFlight)
	assert.Zero(t, out.InFlight)
	want := []Call{
		{ID: 0, Attempt: 0, At: 0, End: 10 * ms, Done: true, Status: 200},
		{ID: 1, Attempt: 0, At: 0, End: 17 * ms, Done: true, Err: context.Canceled, Canceled: true},
		{ID: 2, Attempt: 0, At: 0, End: 50 * ms, Done: true, Status: 200},
		{ID: 1, Attempt: 1, At: 5 * ms, End: 15 * ms, Done: true, Status: 200},
	}
	got := out.Calls
	// The three first attempts start at the same instant, in any order.
	if len(got) == 4 {
		byID := map[int]Call{}
		for _, c := range got[:3] {
			byID[c.ID] = c
		}
		got = []Call{byID[0], byID[1], byID[2], got[3]}
	}
	assert.Equal(t, want, got)
	assert.Equal(t, 200, out.Returned[1].Status, "the second attempt's answer came first")
	assert.Equal(t, 10*ms, out.Returned[1].Latency)
	assert.Equal(t, 50*ms, out.Returned[2].Latency)
}
