package main

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/go-concurrency-workshop/workshop/internal/lesson"
	"github.com/go-concurrency-workshop/workshop/internal/lessontest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// latency is each fake request's latency. Time in these tests is virtual (testing/synctest): a request
// takes exactly this long, and the tests take no real time at all.
const latency = 10 * time.Millisecond

// sequential binds Sequential's arguments for lessontest.Run.
func sequential(n int) lessontest.Pattern[[]lesson.Result] {
	return func(ctx context.Context, fetch lesson.Fetch) []lesson.Result { return Sequential(ctx, n, fetch) }
}

// TestSequential checks Sequential's contract, one subtest per clause of its doc comment.
func TestSequential(t *testing.T) {
	t.Run("returns one result per request, in request order", func(t *testing.T) {
		out := lessontest.Run(t, "Sequential", lessontest.Scenario{Latency: latency}, sequential(10))
		if lessontest.EveryIDOnce(t, "Sequential", out.Returned, 10) {
			lessontest.InRequestOrder(t, "Sequential", out.Returned)
		}
	})

	t.Run("keeps exactly one request in flight at a time", func(t *testing.T) {
		out := lessontest.Run(t, "Sequential", lessontest.Scenario{Latency: latency}, sequential(10))
		assert.Equal(t, 1, out.PeakInFlight,
			"Sequential should wait for each request before making the next; the most in flight at once was %d.%s",
			out.PeakInFlight, out.Hint())
		for i, c := range out.Calls {
			if !assert.Equal(t, time.Duration(i)*latency, c.At,
				"call %d of fetch (id %d) should start the moment the one before it ends", i, c.ID) {
				break
			}
		}
	})

	t.Run("takes exactly n times the latency", func(t *testing.T) {
		out := lessontest.Run(t, "Sequential", lessontest.Scenario{Latency: latency}, sequential(10))
		assert.Equal(t, 10*latency, out.Took,
			"10 requests of %v, one after another, take %v; Sequential took %v.%s", latency, 10*latency, out.Took, out.Hint())
	})

	t.Run("makes every request from the caller's goroutine, starting none", func(t *testing.T) {
		var (
			mu     sync.Mutex
			caller string
			moved  []int // ids requested from another goroutine than the caller's
		)
		watched := func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
			caller = goroutine()
			return Sequential(ctx, 10, func(ctx context.Context, id int) lesson.Result {
				if g := goroutine(); g != caller {
					mu.Lock()
					moved = append(moved, id)
					mu.Unlock()
				}
				return fetch(ctx, id)
			})
		}
		out := lessontest.Run(t, "Sequential", lessontest.Scenario{Latency: latency}, watched)
		if len(out.Calls) == 0 {
			t.Fatalf("Sequential made no request, so there is nothing to check here yet.%s", out.Hint())
		}
		if len(moved) > 0 {
			t.Errorf("Sequential called fetch from a goroutine it started, for %d of its %d requests (ids %v). The "+
				"baseline needs no goroutine: a goroutine that Sequential then waits for adds nothing but its cost. "+
				"Call fetch in the loop itself, and keep what it returns.", len(moved), len(out.Calls), moved)
		}
	})

	t.Run("carries on after a failed request, and returns every result", func(t *testing.T) {
		failures := lessontest.Failures{Status500: []int{2, 6}, Reset: []int{3}}
		out := lessontest.Run(t, "Sequential", lessontest.Scenario{Latency: latency, Answer: failures.Answer}, sequential(10))
		if n := len(out.Calls); n > 0 && n < 10 {
			if last := out.Calls[n-1]; last.Err != nil || last.Status != 200 {
				t.Errorf("Sequential made %d of its 10 requests: it stopped after request %d, which failed. A 500 or "+
					"a transport error is the answer to one request, not a reason to stop the others: keep its result "+
					"and carry on. Does the loop break, or return, when a result has an error or a status other than 200?",
					n, last.ID)
			}
		}
		if failures.Kept(t, "Sequential", out.Returned) && lessontest.EveryIDOnce(t, "Sequential", out.Returned, 10) {
			lessontest.InRequestOrder(t, "Sequential", out.Returned)
		}
	})

	cancelAt := 3*latency + latency/2 // during the fourth request, id 3

	t.Run("makes no request once the context is cancelled", func(t *testing.T) {
		out := lessontest.Run(t, "Sequential", lessontest.Scenario{Latency: latency, CancelAfter: cancelAt}, sequential(10))
		if len(out.Calls) == 0 {
			t.Fatalf("Sequential made no request, so there is nothing to check here yet.%s", out.Hint())
		}
		if after := out.CallsAfter(cancelAt); len(after) > 0 {
			t.Errorf("ctx was cancelled at %v, yet %d requests were made after it. Check ctx.Err() at the top of the "+
				"loop, before each request, and leave the loop when it is not nil. Inside a select (or a switch), "+
				"break leaves only the select, not the loop: use return, or a labelled break.", cancelAt, len(after))
		}
	})

	t.Run("makes no request once the context's deadline has passed", func(t *testing.T) {
		// A deadline ends a context as a cancellation does, with context.DeadlineExceeded in place of
		// context.Canceled: "cancelled" in the contract means either.
		deadline := func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
			ctx, cancel := context.WithTimeout(ctx, cancelAt)
			defer cancel()
			return Sequential(ctx, 10, fetch)
		}
		out := lessontest.Run(t, "Sequential", lessontest.Scenario{Latency: latency}, deadline)
		if len(out.Calls) == 0 {
			t.Fatalf("Sequential made no request, so there is nothing to check here yet.%s", out.Hint())
		}
		if after := out.CallsAfter(cancelAt); len(after) > 0 {
			t.Errorf("ctx's deadline passed at %v, yet %d requests were made after it. A context ends in one of two "+
				"ways, cancelled (context.Canceled) or past its deadline (context.DeadlineExceeded), and either way no "+
				"request may start: check whether ctx.Err() is nil, not whether it is one of the two.", cancelAt, len(after))
		}
	})

	t.Run("returns the result of the request cut short, and only the results of requests made", func(t *testing.T) {
		out := lessontest.Run(t, "Sequential", lessontest.Scenario{Latency: latency, CancelAfter: cancelAt}, sequential(10))
		if len(out.Calls) == 0 {
			t.Fatalf("Sequential made no request, so there is nothing to check here yet.%s", out.Hint())
		}
		if !lessontest.CutShort(t, "Sequential", out.Calls, cancelAt) ||
			!lessontest.EveryCallOnce(t, "Sequential", out.Returned, out.Calls) ||
			!lessontest.InRequestOrder(t, "Sequential", out.Returned) {
			return
		}
		if len(out.Returned) < 4 {
			t.Fatalf("three requests finished and a fourth was cut short by the cancellation: want those 4 results, "+
				"got %d.", len(out.Returned))
		}
		assert.ErrorIs(t, out.Returned[3].Err, context.Canceled,
			"the fourth request was cut short by the cancellation: its result, ctx's error included, is returned as fetch gave it")
		assert.Equal(t, cancelAt, out.Took, "Sequential should return as soon as the request in flight gives up")
	})

	t.Run("makes no request when the context is already cancelled", func(t *testing.T) {
		cancelled := func(ctx context.Context, fetch lesson.Fetch) []lesson.Result {
			ctx, cancel := context.WithCancel(ctx)
			cancel()
			return Sequential(ctx, 10, fetch)
		}
		out := lessontest.Run(t, "Sequential", lessontest.Scenario{Latency: latency}, cancelled)
		if len(out.Calls) > 0 {
			t.Errorf("ctx was cancelled before Sequential was called, yet it called fetch %d time(s): check ctx.Err() "+
				"before each request, not after it. Checked after, the first request is made whatever ctx says.", len(out.Calls))
		}
		lessontest.EveryCallOnce(t, "Sequential", out.Returned, out.Calls)
	})

	t.Run("leaves no goroutine behind", func(t *testing.T) {
		out := lessontest.Run(t, "Sequential", lessontest.Scenario{Latency: latency, CancelAfter: 5 * latency}, sequential(10))
		assert.Zero(t, out.InFlight, "a request was still in flight when Sequential returned")
		assert.Zero(t, out.LeftRunning, "Sequential needs no goroutine at all")
	})

	t.Run("returns no results for no requests", func(t *testing.T) {
		out := lessontest.Run(t, "Sequential", lessontest.Scenario{Latency: latency}, sequential(0))
		assert.Empty(t, out.Returned)
		assert.Empty(t, out.Calls)
	})
}

// goroutine names the calling goroutine: "goroutine 42", the first words of its stack trace.
func goroutine() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	id, _, _ := strings.Cut(string(buf), " [")
	return id
}

func TestSequentialAgainstTheRealServer(t *testing.T) {
	fetch, srv := lessontest.RealServer(t, lessontest.Quick, 30) // room for 30 at once: the pattern alone must keep it to one
	results, ok := lessontest.RunReal(t, "Sequential", fetch, srv, 5*time.Second, sequential(30))
	if !ok || !lessontest.EveryIDOnce(t, "Sequential", results, 30) || !lessontest.InRequestOrder(t, "Sequential", results) {
		return
	}
	for _, r := range results {
		require.NoError(t, r.Err, "request %d", r.ID)
		require.Equal(t, 200, r.Status, "request %d", r.ID)
	}
	st := srv.Stats("")
	assert.Equal(t, int64(30), st.Served, "the server should have answered 30 requests")
	assert.Equal(t, 1, st.PeakInFlight, "the server should never have seen two of Sequential's requests at once")
}

// BenchmarkSequential measures Sequential against the real handler at a fixed latency: `go test -run '^$'
// -bench . ./...` puts it beside the other lessons' patterns, and benchstat compares them.
func BenchmarkSequential(b *testing.B) { lessontest.Benchmark(b, 1, Sequential) }
