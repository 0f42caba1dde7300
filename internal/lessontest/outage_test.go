package lessontest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
)

func TestRunOutage(t *testing.T) {
	const ms = time.Millisecond
	// The outage is on from 20ms to 40ms. Id 0 is asked at 0, 15ms (in flight as the outage begins: it ends
	// normally), 20ms and 30ms (500 at once), 40ms (over: normal again). Id 1 is asked at 0 and 45ms, and
	// the second attempt is cancelled at 50ms, giving up in 2ms. Id 2's answer is scripted: a 404.
	at := []time.Duration{0, 15 * ms, 20 * ms, 30 * ms, 40 * ms}
	pattern := func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
		start := time.Now()
		var mu sync.Mutex
		var results []lesson.Result
		keep := func(r lesson.Result) {
			mu.Lock()
			defer mu.Unlock()
			results = append(results, r)
		}
		var wg sync.WaitGroup
		for _, d := range at {
			wg.Go(func() {
				time.Sleep(d)
				keep(fetch(ctx, 0))
			})
		}
		wg.Go(func() { keep(fetch(ctx, 2)) })
		wg.Go(func() {
			keep(fetch(ctx, 1))
			time.Sleep(45*ms - time.Since(start))
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			time.AfterFunc(5*ms, cancel)
			keep(fetch(ctx, 1))
		})
		wg.Wait()
		return results
	}
	answer := func(id, attempt int) Answer {
		if id == 2 {
			return Answer{Status: 404}
		}
		return Answer{}
	}
	out := RunOutage(t, "pattern", Scenario{Latency: 10 * ms, GiveUp: 2 * ms, Answer: answer}, Outage{From: 20 * ms, To: 40 * ms}, pattern)
	assert.Equal(t, 52*ms, out.Took)
	assert.Zero(t, out.InFlight)
	byStart := map[time.Duration][]Call{}
	for _, c := range out.Calls {
		byStart[c.At] = append(byStart[c.At], c)
	}
	assert.Len(t, byStart[0], 3, "ids 0, 1 and 2 at 0")
	for _, c := range byStart[0] {
		assert.Equal(t, 10*ms, c.End, "before the outage, the latency")
	}
	assert.Equal(t, []Call{{ID: 0, Attempt: 1, At: 15 * ms, End: 25 * ms, Done: true, Status: 200}}, byStart[15*ms],
		"in flight as the outage begins: ends normally")
	assert.Equal(t, []Call{{ID: 0, Attempt: 2, At: 20 * ms, End: 20*ms + 1, Done: true, Status: 500}}, byStart[20*ms],
		"at the outage's start: a 500 at once (a nanosecond after)")
	assert.Equal(t, []Call{{ID: 0, Attempt: 3, At: 30 * ms, End: 30*ms + 1, Done: true, Status: 500}}, byStart[30*ms])
	assert.Equal(t, []Call{{ID: 0, Attempt: 4, At: 40 * ms, End: 50 * ms, Done: true, Status: 200}}, byStart[40*ms],
		"at the outage's end: normal again")
	assert.Equal(t, []Call{{ID: 1, Attempt: 1, At: 45 * ms, End: 52 * ms, Done: true, Err: context.Canceled, Canceled: true}},
		byStart[45*ms], "cancelled at 50ms, gives up in 2ms")
	for _, r := range out.Returned {
		if r.ID == 2 {
			assert.Equal(t, 404, r.Status, "the scenario's Answer still scripts the answers outside the outage")
		}
	}

	t.Run("an outage until Never goes on for good, and the zero Outage is none", func(t *testing.T) {
		out := RunOutage(t, "pattern", Scenario{Latency: 10 * ms}, Outage{From: 5 * ms, To: Never}, func(ctx context.Context, fetch lesson.Fetch) int {
			time.Sleep(10 * time.Minute)
			return fetch(ctx, 7).Status
		})
		assert.Equal(t, 500, out.Returned)
		assert.Equal(t, 10*time.Minute+1, out.Took)
		out = RunOutage(t, "pattern", Scenario{Latency: 10 * ms}, Outage{}, func(ctx context.Context, fetch lesson.Fetch) int {
			return fetch(ctx, 7).Status
		})
		assert.Equal(t, 200, out.Returned)
		assert.Equal(t, 10*ms, out.Took)
	})
}
